import type { Logger, SignalIntake } from '../../../src/core/index.js';
import type { ErrorRatioQuery } from './slo-tool.js';
import { PAGE_BURN_RATE, TICKET_BURN_RATE, budgetRemaining, burnRate } from './slo.js';
import type { Slo } from './slo.js';

export interface SloWatcherOptions {
  readonly slos: readonly Slo[];
  readonly errorRatio: ErrorRatioQuery;
  /** Burn-rate alerts enter like any other signal, through the generic source. */
  readonly intake: SignalIntake;
  readonly logger: Logger;
}

/**
 * Computes each SLO's 1 h burn rate from Prometheus and raises an `ErrorBudgetBurn` alert (through the
 * generic source, so it is stored, triaged and planned like any alert) when it reaches the paging rate
 * (14.4×), with the remaining error budget; the alert resolves once the burn falls below 6×.
 */
export class SloWatcher {
  private readonly firing = new Set<string>();

  constructor(private readonly o: SloWatcherOptions) {}

  /** Checks every SLO once; returns the services whose alert fired or resolved in this tick. */
  async tick(): Promise<{ fired: string[]; resolved: string[] }> {
    const fired: string[] = [];
    const resolved: string[] = [];
    for (const slo of this.o.slos) {
      let short: number | undefined;
      let window: number | undefined;
      try {
        short = await this.o.errorRatio(slo.service, 3600);
        window = await this.o.errorRatio(slo.service, slo.windowDays * 86_400);
      } catch (err) {
        this.o.logger.warn('SLO error ratio unavailable', { service: slo.service, error: String(err) });
        continue;
      }
      if (short === undefined) continue;
      const rate = burnRate(short, slo.objective);
      const pct = (x: number): string => `${Math.round(x * 10_000) / 100}%`;
      const objective = `${pct(slo.objective)} over ${slo.windowDays}d`;
      const left = window === undefined ? undefined : budgetRemaining(window, slo.objective);
      const alert = (status: 'firing' | 'resolved') => ({
        title: `${slo.service} burns its error budget ${Math.round(rate * 10) / 10}× (SLO ${objective})`,
        severity: 'critical',
        status,
        labels: { alertname: 'ErrorBudgetBurn', service: slo.service, slo: objective },
        annotations: {
          error_ratio: String(short),
          burn_rate: String(Math.round(rate * 10) / 10),
          ...(left === undefined ? {} : { budget_remaining: pct(left) }),
        },
        fingerprint: `slo:${slo.service}`,
        group: `slo:${slo.service}`,
      });
      if (rate >= PAGE_BURN_RATE && !this.firing.has(slo.service)) {
        this.o.intake.ingest('generic', alert('firing'));
        this.firing.add(slo.service);
        fired.push(slo.service);
      } else if (rate < TICKET_BURN_RATE && this.firing.has(slo.service)) {
        this.o.intake.ingest('generic', alert('resolved'));
        this.firing.delete(slo.service);
        resolved.push(slo.service);
      }
    }
    return { fired, resolved };
  }
}
