import type { KeyValueRepository } from '../../../src/core/index.js';

/** A deploy reported by a CD system (GitHub `workflow_run` / `deployment_status`). */
export interface RecordedDeploy {
  readonly service: string;
  readonly version: string;
  readonly at: string;
  readonly by: string;
  /** `success`, `failure`, `error`, `timed_out`, … as the CD system said it. */
  readonly status: string;
  readonly source: string;
  readonly environment?: string;
  readonly url?: string;
}

/** A service seen in alert labels, with the labels that identified it. */
export interface ObservedService {
  readonly service: string;
  readonly namespace?: string;
  readonly job?: string;
  readonly lastSeen: string;
  readonly alertnames: readonly string[];
}

const MAX_DEPLOYS = 20;
const MAX_ALERTNAMES = 10;

/**
 * What the operations skill learns from signals, kept durably in the key-value store so it survives a
 * restart: deploys per service, when each alert group last resolved (flap suppression) and services the
 * map does not declare. Bounded per key; reads tolerate missing or damaged entries.
 */
export class OpsChangeLog {
  constructor(private readonly kv: KeyValueRepository) {}

  recordDeploy(d: RecordedDeploy): void {
    const key = `ops:deploys:${d.service}`;
    const list = this.read<RecordedDeploy[]>(key, []).filter(
      (x) => !(x.version === d.version && x.at === d.at && x.source === d.source),
    );
    list.push(d);
    list.sort((a, b) => a.at.localeCompare(b.at));
    this.kv.set(key, JSON.stringify(list.slice(-MAX_DEPLOYS)));
  }

  /** Newest first. */
  deploys(service: string): RecordedDeploy[] {
    return [...this.read<RecordedDeploy[]>(`ops:deploys:${service}`, [])].reverse();
  }

  recordResolved(groupKey: string, at: string): void {
    this.kv.set(`ops:resolved:${groupKey}`, at);
  }

  resolvedAt(groupKey: string): string | undefined {
    return this.kv.get(`ops:resolved:${groupKey}`);
  }

  /** The error ratio (0..1) an alert reported for a service, for SLO burn rates without Prometheus. */
  recordErrorRatio(service: string, ratio: number, at: string): void {
    this.kv.set(`ops:error-ratio:${service}`, JSON.stringify({ ratio, at }));
  }

  errorRatio(service: string): { ratio: number; at: string } | undefined {
    const v = this.read<{ ratio?: unknown; at?: unknown } | undefined>(
      `ops:error-ratio:${service}`,
      undefined,
    );
    return typeof v?.ratio === 'number' && typeof v.at === 'string'
      ? { ratio: v.ratio, at: v.at }
      : undefined;
  }

  observe(o: Omit<ObservedService, 'alertnames'> & { alertname?: string }): void {
    const all = this.read<Record<string, ObservedService>>('ops:observed', {});
    const prev = all[o.service];
    const names = new Set(prev?.alertnames ?? []);
    if (o.alertname !== undefined) names.add(o.alertname);
    all[o.service] = {
      service: o.service,
      ...((o.namespace ?? prev?.namespace) ? { namespace: o.namespace ?? prev?.namespace } : {}),
      ...((o.job ?? prev?.job) ? { job: o.job ?? prev?.job } : {}),
      lastSeen: o.lastSeen,
      alertnames: [...names].slice(-MAX_ALERTNAMES),
    } as ObservedService;
    this.kv.set('ops:observed', JSON.stringify(all));
  }

  observed(): ObservedService[] {
    return Object.values(this.read<Record<string, ObservedService>>('ops:observed', {})).sort((a, b) =>
      a.service.localeCompare(b.service),
    );
  }

  private read<T>(key: string, fallback: T): T {
    const raw = this.kv.get(key);
    if (raw === undefined) return fallback;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return fallback; // a damaged entry is forgotten, not fatal
    }
  }
}
