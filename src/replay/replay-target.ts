import type { AuditEntry, Incident, RunRecord, Signal } from '../core/index.js';

/**
 * The throwaway, shadow-mode Watchkeeper a replay feeds (the composition root adapts the drills'
 * target to it): records go in through the real sources and pipeline; the store is read back.
 */
export interface ReplayTarget {
  ingest(
    source: string,
    body: unknown,
  ): { readonly accepted: number; readonly signalIds?: readonly string[] };
  settle(): Promise<void>;
  incidents(): readonly Incident[];
  signals(incidentId: string): readonly Signal[];
  runs(incidentId: string): readonly RunRecord[];
  audit(incidentId: string): readonly AuditEntry[];
  /** Ledger entries after `seq`, in order (to see which skill claimed a signal its triage closed). */
  auditAfter?(seq: number, limit: number): readonly AuditEntry[];
  /** Past incidents the bot's memory finds similar to `text`, best first (its "possible duplicates"). */
  similar?(text: string, k: number): readonly { readonly incidentId?: string }[];
  close(): Promise<void>;
}
