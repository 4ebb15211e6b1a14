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
/** An observed service's `lastSeen` is written back at most this often (it changes with every alert). */
const LAST_SEEN_PERSIST_MS = 60_000;

/**
 * What the operations skill learns from signals, kept durably in the key-value store so it survives a
 * restart: deploys per service, when each alert group last resolved (flap suppression) and services the
 * map does not declare. Bounded per key; reads tolerate missing or damaged entries.
 *
 * Every alert of an intake storm passes through here (on the request path), so values are cached after
 * the first read and written through; this process is the only writer of these keys.
 */
export class OpsChangeLog {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly kv: KeyValueRepository) {}

  recordDeploy(d: RecordedDeploy): void {
    const key = `ops:deploys:${d.service}`;
    const list = this.read<RecordedDeploy[]>(key, []).filter(
      (x) => !(x.version === d.version && x.at === d.at && x.source === d.source),
    );
    list.push(d);
    list.sort((a, b) => a.at.localeCompare(b.at));
    this.write(key, list.slice(-MAX_DEPLOYS));
  }

  /** Newest first. */
  deploys(service: string): RecordedDeploy[] {
    return [...this.read<RecordedDeploy[]>(`ops:deploys:${service}`, [])].reverse();
  }

  recordResolved(groupKey: string, at: string): void {
    this.write(`ops:resolved:${groupKey}`, at);
  }

  resolvedAt(groupKey: string): string | undefined {
    const at = this.read<unknown>(`ops:resolved:${groupKey}`, undefined);
    return typeof at === 'string' ? at : undefined;
  }

  /** The error ratio (0..1) an alert reported for a service, for SLO burn rates without Prometheus. */
  recordErrorRatio(service: string, ratio: number, at: string): void {
    this.write(`ops:error-ratio:${service}`, { ratio, at });
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
    const prev = Object.hasOwn(all, o.service) ? all[o.service] : undefined;
    // Nothing new but the time (the usual case in a storm): keep the stored lastSeen unless it is more
    // than a minute old, and copy nothing.
    if (
      prev !== undefined &&
      (o.namespace === undefined || o.namespace === prev.namespace) &&
      (o.job === undefined || o.job === prev.job) &&
      (o.alertname === undefined || prev.alertnames.includes(o.alertname)) &&
      Date.parse(o.lastSeen) - Date.parse(prev.lastSeen) < LAST_SEEN_PERSIST_MS
    )
      return;
    const names = new Set(prev?.alertnames ?? []);
    if (o.alertname !== undefined) names.add(o.alertname);
    const namespace = o.namespace ?? prev?.namespace;
    const job = o.job ?? prev?.job;
    const next: ObservedService = {
      service: o.service,
      ...(namespace ? { namespace } : {}),
      ...(job ? { job } : {}),
      lastSeen: o.lastSeen,
      alertnames: [...names].slice(-MAX_ALERTNAMES),
    };
    this.write('ops:observed', { ...all, [o.service]: next });
  }

  observed(): ObservedService[] {
    return Object.values(this.read<Record<string, ObservedService>>('ops:observed', {})).sort((a, b) =>
      a.service.localeCompare(b.service),
    );
  }

  private read<T>(key: string, fallback: T): T {
    if (this.cache.has(key)) return (this.cache.get(key) as T | undefined) ?? fallback;
    const raw = this.kv.get(key);
    let value: T | undefined;
    try {
      value = raw === undefined ? undefined : (JSON.parse(raw) as T);
    } catch {
      value = undefined; // a damaged entry is forgotten, not fatal
    }
    this.cache.set(key, value);
    return value ?? fallback;
  }

  private write(key: string, value: unknown): void {
    this.kv.set(key, JSON.stringify(value));
    this.cache.set(key, value);
  }
}
