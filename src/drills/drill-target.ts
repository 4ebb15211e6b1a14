import type {
  Approval,
  AuditEntry,
  AuditVerification,
  Incident,
  OutgoingMessage,
  RunRecord,
  Signal,
  VoteDecision,
} from '../core/index.js';

/**
 * `shadow`: every domain's autonomy is forced to shadow, plans and decisions are recorded, nothing runs.
 * `live-sandbox`: the policy's own autonomy, but the only tools are the sandbox's simulated fleet.
 */
export type DrillMode = 'shadow' | 'live-sandbox';

/**
 * A throwaway, in-process Watchkeeper a drill plays against: temp data dir, sandbox tools only, no chat
 * platform or language-model keys. Built by the composition side (src/compose/drill-target.ts) so this module
 * depends on core types alone.
 */
export interface DrillTarget {
  readonly mode: DrillMode;
  /** Stores and processes a source payload as its hook would; unknown source → WatchkeeperError NOT_FOUND. */
  ingest(source: string, body: unknown): { readonly accepted: number; readonly signalIds: readonly string[] };
  /** A chat command (without `/wk`) typed by a console user. */
  command(text: string, user: string): Promise<readonly OutgoingMessage[]>;
  vote(approvalId: string, decision: VoteDecision, user: string): Promise<readonly OutgoingMessage[]>;
  /** Waits until every stored signal has been folded, planned and shown. */
  settle(): Promise<void>;
  incidents(): readonly Incident[];
  signals(incidentId: string): readonly Signal[];
  runs(incidentId: string): readonly RunRecord[];
  approvals(): readonly Approval[];
  audit(incidentId: string): readonly AuditEntry[];
  auditAfter(seq: number, limit: number): readonly AuditEntry[];
  /** Chat messages posted for an incident (each later update edits them in place). */
  incidentMessages(incidentId: string): number;
  verifyAudit(): AuditVerification;
  /** A sandbox service's current state (version, replicas), if the fleet has it. */
  sandboxService(name: string): { readonly version?: string; readonly status?: string } | undefined;
  /** Past incidents the bot's memory finds similar to `text`, best first. */
  similar(text: string, k: number): readonly { readonly incidentId?: string }[];
  /** The ticket id (`T-7`) filed for `source` + `externalId` (replays map duplicates to tickets). */
  ticketId?(source: string, externalId: string): string | undefined;
  /** Sets the app's clock to `at` (ISO 8601), running on from there: replays of historical records. */
  travelTo?(at: string): void;
  close(): Promise<void>;
}

export interface DrillTargetOptions {
  readonly mode: DrillMode;
  /** Policies to run under instead of the configured ones (a drill made to fail uses a permissive one). */
  readonly policiesDir?: string;
}

export type DrillTargetFactory = (options: DrillTargetOptions) => Promise<DrillTarget>;
