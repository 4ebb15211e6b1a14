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
  /**
   * What the bot's memory finds similar to `text`, best first (its "possible duplicates"): hits name an
   * incident (`incidentId`) or a remembered item (`id`, e.g. `ticket:T-7`). `kind` keeps one kind of
   * entry, `title` weighs titles as the product's search does.
   */
  similar?(
    text: string,
    k: number,
    options?: { readonly title?: string; readonly kind?: string },
  ): readonly { readonly incidentId?: string; readonly id?: string }[];
  /** The bot's ticket id (`T-7`) for a ticket filed by `source` under `externalId`, if it filed one. */
  ticketId?(source: string, externalId: string): string | undefined;
  /** Sets the app's clock to `at` (the record's own time), so windows and recency see history as it was. */
  travelTo?(at: string): void;
  close(): Promise<void>;
}
