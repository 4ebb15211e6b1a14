import { expect } from 'chai';
import type { Approval } from '../../../src/core/index.js';
import { DashboardAggregator } from '../../../src/http/dashboard-aggregator.js';
import { approvalTurnaround, CachedAuditStatus } from '../../../src/http/dashboard-snapshot.js';
import { LatencySeries, percentile } from '../../../src/http/latency-series.js';

class StepClock {
  constructor(public t = Date.parse('2026-11-25T10:00:10.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
}

describe('dashboard aggregation', () => {
  it('percentile is nearest-rank over sorted values', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(v, 0.5)).to.equal(5);
    expect(percentile(v, 0.95)).to.equal(10);
    expect(percentile([4], 0.95)).to.equal(4);
    expect(percentile([], 0.5)).to.equal(null);
  });

  it('keeps latency per minute and reports p50/p95 for each minute and overall', () => {
    const s = new LatencySeries();
    const t0 = Date.parse('2026-11-25T10:00:05Z');
    for (let i = 1; i <= 20; i++) s.observe(i / 10, new Date(t0));
    s.observe(9, new Date(t0 + 60_000));
    const sum = s.summary();
    expect(sum.count).to.equal(21);
    expect(sum.points).to.have.length(2);
    expect(sum.points[0]).to.deep.equal({ at: '2026-11-25T10:00:00.000Z', count: 20, p50: 1, p95: 1.9 });
    expect(sum.points[1]?.p95).to.equal(9);
    expect(sum.p95).to.equal(2); // rank ceil(0.95*21)=20 of 0.1..2.0, 9
  });

  it('groups failures by code, newest distinct examples first, most frequent code first', () => {
    const a = new DashboardAggregator(new StepClock());
    a.failure('step.failed', 'sandbox.restart: boom');
    a.failure('COMMAND_UNKNOWN', 'command: unknown command "x"');
    a.failure('step.failed', 'sandbox.rollback: no previous version');
    a.failure('step.failed', 'sandbox.restart: boom');
    const f = a.snapshot().failures;
    expect(f.map((m) => [m.code, m.count])).to.deep.equal([
      ['step.failed', 3],
      ['COMMAND_UNKNOWN', 1],
    ]);
    expect(f[0]?.examples).to.deep.equal(['sandbox.rollback: no previous version', 'sandbox.restart: boom']);
  });

  it('counts outcomes by skill and tool, interventions and token spend per minute', () => {
    const clock = new StepClock();
    const a = new DashboardAggregator(clock);
    a.runFinished('operations', 'succeeded');
    a.runFinished('operations', 'failed');
    a.stepFinished('sandbox.rollback', 'succeeded');
    a.intervention('approve');
    a.intervention('approve');
    a.intervention('reject');
    a.plannerRequest({ outcome: 'ok', inputTokens: 100, outputTokens: 20, tokensToday: 120 });
    a.plannerRequest({ outcome: 'ok', inputTokens: 10, outputTokens: 5, tokensToday: 135 });
    clock.t += 60_000;
    a.plannerRequest({ outcome: 'budget', inputTokens: 0, outputTokens: 0, tokensToday: 135 });
    const s = a.snapshot();
    expect(s.runs).to.deep.equal({ operations: { succeeded: 1, failed: 1 } });
    expect(s.steps).to.deep.equal({ 'sandbox.rollback': { succeeded: 1 } });
    expect(s.interventions).to.deep.equal({ approve: 2, reject: 1, correct: 0, takeover: 0 });
    expect(s.planner.perMinute.map((p) => p.tokens)).to.deep.equal([135, 0]);
    expect(s.planner.requests).to.deep.equal({ ok: 2, budget: 1 });
    expect(s.planner.tokensToday).to.equal(135);
  });

  it('approval turnaround counts decided approvals only, in buckets', () => {
    const base = { runId: 'r', stepId: 's', digest: 'd', requester: 'bot', votes: [], expiresAt: '' };
    const mk = (status: Approval['status'], created: string, decided: string | null) =>
      ({
        ...base,
        id: status + created,
        status,
        createdAt: created,
        decidedAt: decided,
      }) as unknown as Approval;
    const t = approvalTurnaround([
      mk('approved', '2026-11-25T10:00:00Z', '2026-11-25T10:00:20Z'), // 20 s
      mk('rejected', '2026-11-25T10:00:00Z', '2026-11-25T10:02:00Z'), // 120 s
      mk('approved', '2026-11-25T10:00:00Z', '2026-11-25T12:00:00Z'), // 7200 s
      mk('expired', '2026-11-25T10:00:00Z', '2026-11-25T11:00:00Z'),
      mk('pending', '2026-11-25T10:00:00Z', null),
    ]);
    expect(t).to.deep.equal({ count: 3, p50: 120, p95: 7200, histogram: [1, 0, 1, 0, 0, 1], pending: 1 });
  });

  it('reuses one audit verification until it is older than its ttl', () => {
    const clock = new StepClock();
    let calls = 0;
    const cached = new CachedAuditStatus(() => ({ ok: true, count: ++calls }), clock, 1000);
    expect(cached.get().count).to.equal(1);
    clock.t += 999;
    expect(cached.get().count).to.equal(1);
    clock.t += 1;
    expect(cached.get().count).to.equal(2);
  });
});
