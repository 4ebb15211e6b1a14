import type { Severity, Signal } from './signal.js';

export type TriageLabel = 'true_positive' | 'false_positive' | 'needs_review';

/**
 * A skill's judgement of one signal before it pages anyone: whether it should open (or join) an incident,
 * and why. Signals that should not open one are still stored and audited, with the reasons.
 */
export interface TriageVerdict {
  readonly verdict: TriageLabel;
  /** 0..1 */
  readonly confidence: number;
  readonly severity: Severity;
  readonly reasons: readonly string[];
  readonly openIncident: boolean;
  /** Extra labels the triage learned (e.g. `attack_tactic`, `asset_tier`), merged into the signal. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Implemented by skills whose signals need a verdict before they page (security events, tickets). */
export type TriageFn = (signal: Signal) => TriageVerdict | undefined;
