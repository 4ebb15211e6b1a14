import type { Severity } from './signal.js';

export type IncidentStatus = 'open' | 'mitigated' | 'resolved';

/** A group of signals with one lifecycle; the unit of memory. */
export interface Incident {
  readonly id: string;
  readonly groupKey: string;
  readonly title: string;
  readonly skill: string | null;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly signalCount: number;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
}
