import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { combineMetrics, type Clock, type Metrics } from '../core/index.js';
import { DashboardAggregator } from './dashboard-aggregator.js';
import {
  CachedAuditStatus,
  approvalTurnaround,
  buildDashboardSnapshot,
  type DashboardQueries,
  type DashboardSnapshot,
} from './dashboard-snapshot.js';

export interface DashboardMetricsOptions {
  /** The registry `/metrics` serves (from createMetrics). */
  readonly registry: Registry;
  /** The Prometheus-backed Metrics from createMetrics; the result reports to it and to the dashboard. */
  readonly base: Metrics;
  readonly queries: DashboardQueries;
  readonly clock: Clock;
  /** How long one audit-chain verification is reused (ms). */
  readonly auditTtlMs?: number;
}

export interface DashboardMetrics {
  /** Report here: Prometheus, the extra series below and the in-memory aggregator. */
  readonly metrics: Metrics;
  snapshot(): DashboardSnapshot;
}

const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Adds to `/metrics` every figure the dashboard draws that createMetrics does not already export
 * (names in src/http/README.md). Counters and histograms are fed by the optional Metrics methods; the
 * store-backed gauges are read at scrape time, so they cost nothing between scrapes.
 */
export function createDashboardMetrics(o: DashboardMetricsOptions): DashboardMetrics {
  const registers = [o.registry];
  const aggregator = new DashboardAggregator(o.clock);
  const audit = new CachedAuditStatus(() => o.queries.verifyAudit(), o.clock, o.auditTtlMs);
  const firstResponse = new Histogram({
    name: 'watchkeeper_first_response_seconds',
    help: 'Time from a signal being stored to the first chat message about its incident.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commandReply = new Histogram({
    name: 'watchkeeper_command_reply_seconds',
    help: 'Time from a chat command arriving to its reply.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const runs = new Counter({
    name: 'watchkeeper_runs_total',
    help: 'Runs that reached a final status, by skill and status.',
    labelNames: ['skill', 'status'],
    registers,
  });
  const failures = new Counter({
    name: 'watchkeeper_failures_total',
    help: 'Failures by stable code (error codes, step.failed, step.unknown, ...).',
    labelNames: ['code'],
    registers,
  });
  const interventions = new Counter({
    name: 'watchkeeper_interventions_total',
    help: 'Times a person stepped in, by kind (approve, reject, correct, takeover).',
    labelNames: ['kind'],
    registers,
  });
  for (const kind of ['approve', 'reject', 'correct', 'takeover']) interventions.inc({ kind }, 0);
  new Gauge({
    name: 'watchkeeper_incidents',
    help: 'Incidents by status, read from the store at scrape time.',
    labelNames: ['status'],
    registers,
    collect() {
      for (const [status, n] of Object.entries(o.queries.incidentCounts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'watchkeeper_queue_depth',
    help: 'Signals stored but not yet folded into incidents.',
    registers,
    collect() {
      this.set(o.queries.queueDepth());
    },
  });
  new Gauge({
    name: 'watchkeeper_outbox_depth',
    help: 'Chat messages waiting in each adapter outbox, by platform.',
    labelNames: ['platform'],
    registers,
    collect() {
      for (const [platform, n] of Object.entries(o.queries.outboxDepth())) this.set({ platform }, n);
    },
  });
  new Gauge({
    name: 'watchkeeper_audit_chain_ok',
    help: '1 when the audit hash chain and signatures verify, else 0.',
    registers,
    collect() {
      this.set(audit.get().ok ? 1 : 0);
    },
  });
  new Gauge({
    name: 'watchkeeper_audit_entries',
    help: 'Ledger entries checked by the last audit verification.',
    registers,
    collect() {
      this.set(audit.get().count);
    },
  });
  new Gauge({
    name: 'watchkeeper_approval_turnaround_recent_seconds',
    help: 'Request-to-decision time of the last 500 approvals, p50 and p95.',
    labelNames: ['quantile'],
    registers,
    collect() {
      const t = approvalTurnaround(o.queries.approvals(500));
      if (t.p50 !== null) this.set({ quantile: '0.5' }, t.p50);
      if (t.p95 !== null) this.set({ quantile: '0.95' }, t.p95);
    },
  });
  new Gauge({
    name: 'watchkeeper_drill_passed',
    help: 'Latest verdict of each synthetic drill: 1 passed, 0 failed.',
    labelNames: ['drill'],
    registers,
    collect() {
      for (const d of o.queries.drills?.() ?? []) this.set({ drill: d.drill }, d.passed ? 1 : 0);
    },
  });
  const extra: Metrics = {
    signalReceived: () => undefined,
    incidentOpened: () => undefined,
    stepFinished: () => undefined,
    approvalDecided: () => undefined,
    decisionLatency: () => undefined,
    firstResponse: (s) => firstResponse.observe(s),
    commandReply: (s) => commandReply.observe(s),
    runFinished: (skill, status) => runs.inc({ skill, status }),
    failure: (code) => failures.inc({ code }),
    intervention: (kind) => interventions.inc({ kind }),
  };
  return {
    metrics: combineMetrics(o.base, extra, aggregator),
    snapshot: () => buildDashboardSnapshot(aggregator, o.queries, audit, o.clock),
  };
}
