import type { Clock, Signal, TriageVerdict } from '../../src/core/index.js';
import type { ServiceMap } from './service-map/service-map.js';

export interface OperationsTriageOptions {
  readonly map?: ServiceMap;
  readonly clock: Clock;
  /** A group that resolved less than this long ago does not page again when it fires (default 10 min). */
  readonly flapWindowMs?: number;
  /** The id of an active silence matching the signal, if any. */
  readonly silencedBy?: (signal: Signal) => string | undefined;
}

const FAILED = new Set(['failure', 'error', 'timed_out', 'cancelled', 'startup_failure']);

/**
 * Decides whether an operations signal pages: a successful or pending deploy is recorded, not paged; a
 * failed one pages. An alert under an active silence, or one whose group resolved within the flap window,
 * is kept and audited without a new incident. Everything else: default (page).
 */
export function createOperationsTriage(
  o: OperationsTriageOptions,
): (signal: Signal) => TriageVerdict | undefined {
  const window = o.flapWindowMs ?? 10 * 60_000;
  return (signal) => {
    if (signal.kind === 'deploy') {
      const status = signal.labels['status'] ?? 'unknown';
      if (FAILED.has(status)) {
        return {
          verdict: 'true_positive',
          confidence: 0.9,
          severity: 'error',
          reasons: [
            `deploy ${signal.labels['version'] ?? ''} of ${signal.labels['service'] ?? '?'} ended ${status}`,
          ],
          openIncident: true,
        };
      }
      return {
        verdict: 'false_positive',
        confidence: 0.9,
        severity: 'info',
        reasons: [`deploy ${status}: recorded in the service history, nothing to page`],
        openIncident: false,
      };
    }
    if (signal.kind !== 'alert' || signal.status !== 'firing') return undefined;
    const silence = o.silencedBy?.(signal);
    if (silence !== undefined) {
      return {
        verdict: 'needs_review',
        confidence: 1,
        severity: signal.severity,
        reasons: [`silenced by ${silence}`],
        openIncident: false,
      };
    }
    const resolvedAt = o.map?.changes.resolvedAt(signal.groupKey);
    if (resolvedAt !== undefined) {
      const age = o.clock.now().getTime() - Date.parse(resolvedAt);
      if (age >= 0 && age < window) {
        return {
          verdict: 'needs_review',
          confidence: 0.7,
          severity: signal.severity,
          reasons: [
            `flapping: this alert group resolved at ${resolvedAt}, ${Math.round(age / 1000)} s ago (window ${Math.round(window / 60_000)} min); not paging again`,
          ],
          openIncident: false,
        };
      }
    }
    return undefined;
  };
}
