import type { Risk } from './risk.js';

export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type SignalKind = 'alert' | 'ticket' | 'security' | 'deploy';

/** Normalised input from a source. `fingerprint` identifies the alert; `groupKey` the incident it folds into. */
export interface Signal {
  readonly id: string;
  readonly source: string;
  readonly kind: SignalKind;
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  readonly fingerprint: string;
  readonly groupKey: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly startsAt: string;
  readonly receivedAt: string;
  readonly raw: unknown;
}

/** A signal before the intake assigns its id and reception time. */
export type SignalDraft = Omit<Signal, 'id' | 'receivedAt'>;

/** An inbound source: parses and validates one request body into signals (throws ValidationError). */
export interface SignalSource {
  readonly id: string;
  parse(body: unknown): SignalDraft[];
}

/** Suggested by sources that know better (e.g. a security event on a crown-jewel asset). */
export interface SignalRiskHint {
  readonly risk: Risk;
}
