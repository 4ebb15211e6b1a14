/**
 * Storage ports. src/store implements them on SQLite; everything else sees only these.
 * They are synchronous because better-sqlite3 is, and the orchestrator's exactly-once guarantees rest
 * on compare-and-set calls (`transitionStep`, `decide`) being atomic.
 */
import type { Approval, ApprovalStatus, Vote } from './approval.js';
import type { AuditEntry, StoredAuditEntry } from './audit.js';
import type { Conversation, MessageRef } from './chat.js';
import type { Incident, IncidentStatus } from './incident.js';
import type { CandidateQuery, MemoryCandidate, MemoryHit, MemoryRecord, MemoryTerms } from './memory.js';
import type { Plan } from './plan.js';
import type { Risk } from './risk.js';
import type { RunOrigin, RunRecord, RunStatus, StepRecord, StepState } from './run.js';
import type { Severity, Signal, SignalDraft } from './signal.js';
import type { Decision } from './policy.js';
import type { ToolResult } from './tool.js';
import type { AgentVersionRepository, AutonomyRepository } from './rollout.js';
import type { TicketRepository } from './tickets.js';
import type { TotpRepository } from './second-factor.js';
import type { RateBucketRepository } from './rate-bucket.js';
import type { PlaybookRevisionRepository } from './playbook-revisions.js';

export interface InboxRepository {
  /** Stores every draft in one transaction (all or none) and returns them with ids. */
  addAll(drafts: readonly SignalDraft[], receivedAt: string): Signal[];
  get(id: string): Signal | undefined;
  /** Stored but not yet folded into an incident, oldest first (re-processed after a crash). */
  unprocessed(limit: number): Signal[];
  /** The next page of unprocessed signals stored after inbox position `seq` (0: from the start). */
  unprocessedAfter(seq: number, limit: number): { readonly seq: number; readonly signal: Signal }[];
  /** How many stored signals wait to be folded (the intake's queue depth). */
  unprocessedCount(): number;
  markProcessed(id: string, incidentId: string | null): void;
  count(): number;
}

export interface IncidentRepository {
  findOpen(groupKey: string): Incident | undefined;
  create(input: {
    groupKey: string;
    title: string;
    skill: string | null;
    severity: Severity;
    labels: Readonly<Record<string, string>>;
    at: string;
  }): Incident;
  /** Counts the signal in, raises severity if higher, records the alert's firing/resolved state. */
  attachSignal(incidentId: string, signal: Signal): Incident;
  /** Alerts of the incident still firing (by fingerprint). */
  firingCount(incidentId: string): number;
  setStatus(incidentId: string, status: IncidentStatus, at: string): Incident;
  get(incidentId: string): Incident | undefined;
  list(filter: { status?: IncidentStatus; limit: number }): Incident[];
  signals(incidentId: string): Signal[];
}

export interface NewStep {
  readonly tool: string;
  readonly input: unknown;
  readonly rationale: string;
  readonly digest: string;
}

export interface StepPatch {
  readonly risk?: Risk;
  readonly decision?: Decision;
  readonly approvalId?: string;
  readonly preview?: string;
  readonly result?: ToolResult;
  readonly error?: string;
  readonly attempts?: number;
}

export interface RunRepository {
  create(input: { origin: RunOrigin; plan: Plan; steps: readonly NewStep[]; at: string }): RunRecord;
  get(runId: string): RunRecord | undefined;
  getStep(stepId: string): StepRecord | undefined;
  listByIncident(incidentId: string): RunRecord[];
  /** Runs not yet finished (`active` or `waiting`). */
  listUnfinished(): RunRecord[];
  setStatus(runId: string, status: RunStatus, at: string): void;
  /** Compare-and-set: moves the step only if its state is one of `from`; returns whether it did. */
  transitionStep(
    stepId: string,
    from: readonly StepState[],
    to: StepState,
    patch: StepPatch,
    at: string,
  ): boolean;
  /** Start-up recovery: every `running` step becomes `unknown`; returns them. */
  markRunningUnknown(at: string): StepRecord[];
  /** Steps that reached `running` since `since`, optionally by requester principal or tool (rate limits). */
  countStarted(filter: { since: string; principal?: string; tool?: string }): number;
}

export interface ApprovalRepository {
  create(approval: Approval): void;
  get(id: string): Approval | undefined;
  /** Records a vote; false if this principal already has an accepted vote on it. */
  addVote(approvalId: string, vote: Vote): boolean;
  /** Compare-and-set from `pending`; false if it was already decided. */
  decide(approvalId: string, status: Exclude<ApprovalStatus, 'pending'>, at: string): boolean;
  list(filter: { status?: ApprovalStatus; limit: number }): Approval[];
  pendingExpiredBy(now: string): Approval[];
}

/** Raw rows of the ledger; hashing and signing live in src/audit. */
export interface AuditRepository {
  /** `dataText`: the canonical JSON of `entry.data`, stored as is when given. */
  insert(entry: AuditEntry, dataText?: string): void;
  /** Sets the signature of an entry stored unsigned (inside a sealed batch); false if it was not. */
  seal(seq: number, signature: string): boolean;
  last(): AuditEntry | undefined;
  after(seq: number, limit: number): AuditEntry[];
  forIncident(incidentId: string): AuditEntry[];
  /** Every entry in sequence order, read lazily. */
  iterate(): IterableIterator<AuditEntry>;
  /** The same, with `data` left as its stored text (verification). */
  iterateStored(): IterableIterator<StoredAuditEntry>;
}

export interface MemoryRepository {
  add(entry: { kind: string; text: string; incidentId?: string; at: string }): string;
  /** Full-text search (FTS5, BM25), best first. */
  search(text: string, k: number): MemoryHit[];
  /** Stores an entry with its index terms (see memory.ts); false when its id exists (kept as is). */
  addRecord(entry: Omit<MemoryRecord, 'n'> & { at: string }): boolean;
  /** First-stage retrieval for the similarity search: BM25 over the index terms, best first. */
  candidates(query: CandidateQuery): MemoryCandidate[];
  /** In how many indexed entries each term occurs, and how many there are (read once, then kept in memory). */
  termStatistics(): { total: number; df: Map<string, number> };
  /** Entries stored before the index terms existed (oldest first), to be analysed once. */
  unindexed(limit: number): Omit<MemoryRecord, 'terms'>[];
  setTerms(n: number, terms: MemoryTerms): void;
  scratchGet(conversationKey: string, key: string): string | undefined;
  scratchSet(conversationKey: string, key: string, value: string, at: string): void;
  /** The conversation's entries, by key (at most {@link SCRATCH_LIST_LIMIT}, most recently set first). */
  scratchList(conversationKey: string): Record<string, string>;
}

/** Most scratchpad entries one conversation lists: the scratchpad feeds prompts, so it stays small. */
export const SCRATCH_LIST_LIMIT = 50;

export interface Subscription {
  readonly id: string;
  readonly conversation: Conversation;
  readonly filter: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface SubscriptionRepository {
  add(input: { conversation: Conversation; filter: string; createdBy: string; at: string }): Subscription;
  /** Removes every subscription of the conversation's channel; returns how many. */
  remove(conversation: Conversation): number;
  list(): Subscription[];
  forChannel(platform: string, channel: string): Subscription[];
}

/** Links a domain object (`incident:<id>`, `approval:<id>`) to the chat messages that show it. */
export interface MessageLinkRepository {
  link(key: string, ref: MessageRef): void;
  find(key: string): MessageRef[];
}

export interface IdentityRepository {
  seen(principalId: string, displayName: string, at: string): void;
  displayName(principalId: string): string | undefined;
}

/** State of the simulated fleet, as JSON documents by kind and id. */
export interface SandboxStateRepository {
  get<T>(kind: string, id: string): T | undefined;
  put(kind: string, id: string, value: unknown): void;
  list<T>(kind: string): T[];
  /**
   * Runs `apply` once per idempotency key, in one transaction with its writes; a repeated key returns
   * the first result without running again.
   */
  once<T>(idempotencyKey: string, apply: () => T): T;
  /** True if the sandbox has not been seeded yet. */
  isEmpty(): boolean;
}

export interface KeyValueRepository {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** What a chat adapter's durable outbox holds: one Web API call, stored before it is sent. */
export interface OutboxItem {
  readonly id: number;
  readonly platform: string;
  /** Order and pacing are kept per channel. */
  readonly channel: string;
  /** Adapter-defined, e.g. `post`, `update`, `ephemeral`. */
  readonly kind: string;
  readonly payload: unknown;
  readonly attempts: number;
  /** ISO time before which the item must not be sent (back-off, `Retry-After`). */
  readonly notBefore: string;
  readonly createdAt: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/**
 * Delivery bookkeeping for chat adapters: the outbound queue (stored before sending, so a restart
 * loses nothing) and receipts of inbound deliveries (so a platform's retry is never processed twice).
 */
export interface OutboxRepository {
  enqueue(input: {
    platform: string;
    channel: string;
    kind: string;
    payload: unknown;
    at: string;
  }): OutboxItem;
  /** Items still to send for a platform, oldest first (re-sent after a restart). */
  pending(platform: string): OutboxItem[];
  /** Records a successful send and what it returned (Slack: the message `ts`). */
  markSent(id: number, result: string | null, at: string): void;
  /** Gives up on an item the platform refused for good; it is kept with its error. */
  markFailed(id: number, error: string, at: string): void;
  /** Schedules another attempt. */
  reschedule(id: number, attempts: number, notBefore: string, error: string): void;
  get(id: number): { status: OutboxStatus; result: string | null; error: string | null } | undefined;
  /** True the first time `key` is claimed, false for every repeat (inbound de-duplication). */
  claimInbound(key: string, at: string): boolean;
  /**
   * Forgets receipts older than `before` whose key starts with `prefix` (each platform keeps its own
   * for as long as its retries need); returns how many.
   */
  pruneInbound(prefix: string, before: string): number;
}

export interface Store {
  readonly inbox: InboxRepository;
  readonly incidents: IncidentRepository;
  readonly runs: RunRepository;
  readonly approvals: ApprovalRepository;
  readonly audit: AuditRepository;
  readonly memory: MemoryRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly messageLinks: MessageLinkRepository;
  readonly identities: IdentityRepository;
  readonly sandbox: SandboxStateRepository;
  readonly kv: KeyValueRepository;
  readonly outbox: OutboxRepository;
  readonly autonomy: AutonomyRepository;
  readonly agentVersions: AgentVersionRepository;
  /** Support tickets: the built-in ticket store. */
  readonly tickets: TicketRepository;
  /** TOTP enrolments and spent codes (second factor). */
  readonly totp: TotpRepository;
  /** Persisted token buckets for flood control. */
  readonly rateBuckets: RateBucketRepository;
  /** Accepted playbook revisions (retros) and rollbacks, versioned per playbook. */
  readonly playbookRevisions: PlaybookRevisionRepository;
  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T;
  /**
   * Online backup through this connection, `pagesPerStep` pages per turn of the event loop: writes made
   * through the same connection meanwhile are carried into the copy instead of restarting it.
   */
  onlineBackup?: OnlineBackup;
  close(): void;
}

/** Copies the open database to `target`; `progress` is told after each step and returns the next step size. */
export type OnlineBackup = (
  target: string,
  progress: (p: { totalPages: number; remainingPages: number }) => number,
) => Promise<{ totalPages: number }>;
