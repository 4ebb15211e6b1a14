import type { Approval, AuditVerification, Clock, DrillResult, IncidentStatus } from '../core/index.js';
import type { AggregateSnapshot, DashboardAggregator } from './dashboard-aggregator.js';
import { percentile } from './latency-series.js';

/** Approvals read to compute turnaround (the most recent ones). */
const TURNAROUND_SAMPLE = 500;
/** Upper bounds, seconds, of the turnaround histogram the dashboard draws. */
export const TURNAROUND_BUCKETS = [30, 60, 300, 900, 3600, Infinity] as const;

/** Store-backed figures the dashboard reads on demand; app.ts builds it from the store. */
export interface DashboardQueries {
  incidentCounts(): Readonly<Record<IncidentStatus, number>>;
  /** The most recent approvals, newest first. */
  approvals(limit: number): readonly Approval[];
  /** Signals stored but not yet folded into incidents. */
  queueDepth(): number;
  /** Chat messages waiting in each adapter's outbox. */
  outboxDepth(): Readonly<Record<string, number>>;
  verifyAudit(): AuditVerification;
  drills?(): readonly DrillResult[];
}

export interface ApprovalTurnaround {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  /** Count per bucket of {@link TURNAROUND_BUCKETS}. */
  readonly histogram: readonly number[];
  readonly pending: number;
}

export interface DashboardSnapshot extends AggregateSnapshot {
  readonly generatedAt: string;
  readonly incidents: Readonly<Record<IncidentStatus, number>>;
  readonly approvalTurnaround: ApprovalTurnaround;
  readonly queueDepth: number;
  readonly outboxDepth: Readonly<Record<string, number>>;
  readonly audit: AuditVerification & { readonly checkedAt: string };
  readonly drills: readonly DrillResult[];
}

/** Time from request to decision of decided approvals (expired ones excluded: nobody turned them). */
export function approvalTurnaround(approvals: readonly Approval[]): ApprovalTurnaround {
  const seconds = approvals
    .filter((a) => (a.status === 'approved' || a.status === 'rejected') && a.decidedAt !== null)
    .map((a) => (Date.parse(a.decidedAt as string) - Date.parse(a.createdAt)) / 1000)
    .filter((s) => Number.isFinite(s) && s >= 0)
    .sort((x, y) => x - y);
  const histogram = TURNAROUND_BUCKETS.map(() => 0);
  for (const s of seconds) {
    const i = TURNAROUND_BUCKETS.findIndex((limit) => s <= limit);
    histogram[i] = (histogram[i] ?? 0) + 1;
  }
  return {
    count: seconds.length,
    p50: percentile(seconds, 0.5),
    p95: percentile(seconds, 0.95),
    histogram,
    pending: approvals.filter((a) => a.status === 'pending').length,
  };
}

/**
 * Recomputing the chain costs a pass over the whole ledger, so the dashboard and scrapes share one
 * result for `ttlMs`.
 */
export class CachedAuditStatus {
  private last: { at: number; result: AuditVerification & { checkedAt: string } } | undefined;

  constructor(
    private readonly verify: () => AuditVerification,
    private readonly clock: Clock,
    private readonly ttlMs = 15_000,
  ) {}

  get(): AuditVerification & { checkedAt: string } {
    const now = this.clock.now();
    if (this.last === undefined || now.getTime() - this.last.at >= this.ttlMs) {
      this.last = { at: now.getTime(), result: { ...this.verify(), checkedAt: now.toISOString() } };
    }
    return this.last.result;
  }
}

/** Everything the dashboard draws, in one JSON document. */
export function buildDashboardSnapshot(
  aggregator: DashboardAggregator,
  queries: DashboardQueries,
  audit: CachedAuditStatus,
  clock: Clock,
): DashboardSnapshot {
  return {
    ...aggregator.snapshot(),
    generatedAt: clock.now().toISOString(),
    incidents: queries.incidentCounts(),
    approvalTurnaround: approvalTurnaround(queries.approvals(TURNAROUND_SAMPLE)),
    queueDepth: queries.queueDepth(),
    outboxDepth: queries.outboxDepth(),
    audit: audit.get(),
    drills: queries.drills?.() ?? [],
  };
}
