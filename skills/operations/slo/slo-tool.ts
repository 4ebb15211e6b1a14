import { z } from 'zod';
import type { Tool } from '../../../src/core/index.js';
import type { OpsChangeLog } from '../service-map/ops-change-log.js';
import { sloText } from './slo.js';
import type { Slo, SloMeasurement } from './slo.js';

/** Error ratio (0..1) of a service over the last `seconds`, e.g. from a Prometheus query; undefined = unknown. */
export type ErrorRatioQuery = (service: string, seconds: number) => Promise<number | undefined>;

export interface SloToolOptions {
  readonly slos: readonly Slo[];
  readonly changes: OpsChangeLog;
  readonly environment: string;
  /** Prometheus-backed ratios; without it the ratio an alert last reported (within 1 h) is used. */
  readonly errorRatio?: ErrorRatioQuery;
}

const input = z.object({ service: z.coerce.string().trim().min(1).max(100) });

/** `ops.slo` (low, read-only): the service's SLO with its current burn rate and remaining error budget. */
export function createSloTool(o: SloToolOptions): Tool<z.infer<typeof input>> {
  return {
    name: 'ops.slo',
    description: 'Show the SLO of a service with its burn rate and remaining error budget.',
    input,
    risk: 'low',
    reversible: false,
    scope: 'ops:read',
    target: (i) => ({ environment: o.environment, service: i.service }),
    run: async (i, ctx) => {
      const slo = o.slos.find((s) => s.service === i.service);
      if (slo === undefined) {
        const known = o.slos.map((s) => s.service).join(', ');
        return {
          ok: false,
          summary: `no SLO declared for ${i.service}${known === '' ? '' : ` (declared: ${known})`}`,
        };
      }
      const m = await measureSlo(slo, o, ctx.clock.now());
      return { ok: true, summary: sloText(slo, m), data: { slo, ...m } };
    },
  };
}

/** Ratios from Prometheus when configured, else the last ratio an alert reported within the hour. */
export async function measureSlo(
  slo: Slo,
  o: Pick<SloToolOptions, 'changes' | 'errorRatio'>,
  now: Date,
): Promise<SloMeasurement> {
  if (o.errorRatio !== undefined) {
    const shortRatio = await o.errorRatio(slo.service, 3600);
    const windowRatio = await o.errorRatio(slo.service, slo.windowDays * 86_400);
    return {
      source: 'prometheus',
      ...(shortRatio === undefined ? {} : { shortRatio }),
      ...(windowRatio === undefined ? {} : { windowRatio }),
    };
  }
  return measureFromSignals(slo, o.changes, now);
}

export function measureFromSignals(slo: Slo, changes: OpsChangeLog, now: Date): SloMeasurement {
  const seen = changes.errorRatio(slo.service);
  const fresh = seen !== undefined && now.getTime() - Date.parse(seen.at) <= 3_600_000;
  return fresh ? { source: `alert at ${seen.at}`, shortRatio: seen.ratio } : { source: 'alerts' };
}
