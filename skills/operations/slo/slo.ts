import { ValidationError } from '../../../src/core/index.js';

/** A service level objective: the share of good requests over a rolling window, e.g. 99.9 % over 30 days. */
export interface Slo {
  readonly service: string;
  /** 0..1, e.g. 0.999. */
  readonly objective: number;
  readonly windowDays: number;
}

const ITEM = /^([a-z0-9][a-z0-9._-]*)=(\d{1,2}(?:\.\d+)?)%?\/(\d{1,3})d$/;

/**
 * Parses `WATCHKEEPER_SLOS`: `service=objective%/windowd` pairs separated by commas, e.g.
 * `checkout-api=99.9/30d,cart=99.5/7d`. Every bad item is reported with its position.
 */
export function parseSlos(text: string | undefined): Slo[] {
  if (text === undefined || text.trim() === '') return [];
  const issues: { path: string; message: string }[] = [];
  const slos: Slo[] = [];
  text.split(',').forEach((raw, i) => {
    const m = ITEM.exec(raw.trim());
    const objective = Math.round(Number(m?.[2]) * 1000) / 100_000; // 99.9 → 0.999 without float noise
    const windowDays = Number(m?.[3]);
    if (m === null || !(objective > 0 && objective < 1) || windowDays < 1) {
      issues.push({
        path: `WATCHKEEPER_SLOS.${i}`,
        message: `expected service=99.9/30d, got "${raw.trim()}"`,
      });
      return;
    }
    slos.push({ service: m[1] ?? '', objective, windowDays });
  });
  if (issues.length > 0)
    throw new ValidationError(
      `invalid SLOs: ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
      issues,
    );
  return slos;
}

/** How fast the budget burns: 1 = exactly the allowed error rate; 14.4 over 1 h pages (Google SRE workbook). */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / (1 - objective);
}

/** Share of the window's error budget left, from the error ratio over the whole window (may go negative). */
export function budgetRemaining(windowErrorRatio: number, objective: number): number {
  return 1 - windowErrorRatio / (1 - objective);
}

/** Multi-window burn-rate thresholds from the Google SRE workbook (ch. 5): page at 14.4 (1 h), ticket at 6 (6 h). */
export const PAGE_BURN_RATE = 14.4;
export const TICKET_BURN_RATE = 6;

export interface SloMeasurement {
  /** Error ratio over the short window (1 h), 0..1. */
  readonly shortRatio?: number;
  /** Error ratio over the whole SLO window, 0..1. */
  readonly windowRatio?: number;
  /** Where the ratios came from, e.g. `prometheus` or `alert annotation`. */
  readonly source: string;
}

/** One chat line: objective, burn rate, verdict and remaining budget. */
export function sloText(slo: Slo, m: SloMeasurement): string {
  const pct = (x: number): string => `${(Math.round(x * 10_000) / 100).toString()}%`;
  const head = `🎯 SLO ${slo.service}: ${pct(slo.objective)} over ${slo.windowDays}d`;
  if (m.shortRatio === undefined && m.windowRatio === undefined)
    return `${head} · no error-ratio data yet (${m.source})`;
  const parts = [head];
  if (m.shortRatio !== undefined) {
    const rate = burnRate(m.shortRatio, slo.objective);
    const verdict = rate >= PAGE_BURN_RATE ? 'page' : rate >= TICKET_BURN_RATE ? 'ticket' : 'ok';
    parts.push(`burn rate ${Math.round(rate * 10) / 10}× (1h error ratio ${pct(m.shortRatio)}, ${verdict})`);
  }
  if (m.windowRatio !== undefined)
    parts.push(`error budget left ${pct(budgetRemaining(m.windowRatio, slo.objective))}`);
  return `${parts.join(' · ')} [${m.source}]`;
}
