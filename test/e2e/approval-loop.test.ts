import { expect } from 'chai';
import { alertmanagerPayload, ManualClock, startHarness, type Harness } from './harness.js';

/** Posts the demo alert and returns the pending rollback approval it produced. */
async function alertToApproval(h: Harness): Promise<{ incidentId: string; approval: any }> {
  const posted = await h.api(
    'POST',
    '/hooks/alertmanager',
    alertmanagerPayload('HighErrorRate', 'checkout-api'),
  );
  expect(posted.status).to.equal(202);
  expect(posted.body.accepted).to.equal(1);
  await h.settle();
  const incidents = await h.api('GET', '/api/incidents');
  expect(incidents.body.incidents ?? incidents.body).to.have.length(1);
  const incidentId: string = (incidents.body.incidents ?? incidents.body)[0].id;
  const pending = await h.api('GET', '/api/approvals?status=pending');
  const approvals = pending.body.approvals ?? pending.body;
  expect(approvals).to.have.length(1);
  return { incidentId, approval: approvals[0] };
}

async function stepOf(h: Harness, incidentId: string, tool: string): Promise<any> {
  const detail = await h.api('GET', `/api/incidents/${incidentId}`);
  return detail.body.runs.flatMap((r: any) => r.steps).find((s: any) => s.tool === tool);
}

async function statusReply(h: Harness): Promise<string> {
  const r = await h.api('POST', '/api/commands', { text: '!wk ops status checkout-api' });
  return r.body.replies.map((m: any) => m.text).join('\n');
}

describe('e2e: alert → plan → approval → sandbox action → audit', function () {
  let h: Harness;
  afterEach(async () => h?.close());

  it('runs the diagnostics alone, waits for approval on the rollback, executes it once approved, and the audit verifies', async () => {
    h = await startHarness();
    const before = await statusReply(h);
    const { incidentId, approval } = await alertToApproval(h);

    expect(await stepOf(h, incidentId, 'sandbox.service_status')).to.include({ state: 'succeeded' });
    const rollback = await stepOf(h, incidentId, 'sandbox.rollback');
    expect(rollback.state).to.equal('awaiting_approval');
    expect(rollback.risk).to.equal('high');
    expect(rollback.decision.rule).to.match(/^default\.policy\.yaml#/);
    expect(rollback.preview, 'dry-run preview shown before approval').to.match(/checkout-api: .+ → .+/);

    const vote = await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    expect(vote.status).to.equal(200);
    const done = await stepOf(h, incidentId, 'sandbox.rollback');
    expect(done.state).to.equal('succeeded');
    expect(await statusReply(h)).to.not.equal(before);

    const feed = await h.api('GET', '/api/messages');
    const texts = JSON.stringify(feed.body);
    expect(texts).to.include('succeeded');

    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).to.include('watchkeeper_signals_received_total{source="alertmanager"} 1');
    expect(metrics).to.include('watchkeeper_incidents_opened_total{skill="operations"} 1');
    expect(metrics).to.include('watchkeeper_steps_total{tool="sandbox.rollback",state="succeeded"} 1');
    expect(metrics).to.include('watchkeeper_approvals_total{status="approved"} 1');
    expect(metrics).to.match(/watchkeeper_decision_latency_seconds_count \d+/);

    const verify = await h.api('GET', '/api/audit/verify');
    expect(verify.body.ok).to.equal(true);
    const audit = await h.api('GET', '/api/audit?after=0&limit=500');
    const kinds = new Set((audit.body.entries ?? audit.body).map((e: any) => e.kind));
    for (const k of [
      'signal',
      'plan',
      'decision',
      'approval.requested',
      'approval.vote',
      'tool.call',
      'tool.result',
    ])
      expect(kinds).to.include(k);
  });

  it('a rejected approval never runs the step', async () => {
    h = await startHarness();
    const { incidentId, approval } = await alertToApproval(h);
    const vote = await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'reject' }, 'alice');
    expect(vote.status).to.equal(200);
    expect((await stepOf(h, incidentId, 'sandbox.rollback')).state).to.equal('rejected');
    const late = await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'bob');
    expect(late.status).to.equal(409);
    expect((await stepOf(h, incidentId, 'sandbox.rollback')).state).to.equal('rejected');
  });

  it('an expired approval cannot be approved and the step is marked expired', async () => {
    const clock = new ManualClock();
    h = await startHarness({ clock });
    const { incidentId, approval } = await alertToApproval(h);
    clock.advance(16 * 60 * 1000);
    await h.app.orchestrator.expireApprovals();
    expect((await stepOf(h, incidentId, 'sandbox.rollback')).state).to.equal('expired');
    const vote = await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    expect(vote.status).to.equal(409);
    expect(vote.body.replies[0].error.code).to.be.oneOf(['APPROVAL_EXPIRED', 'APPROVAL_CLOSED']);
  });

  it('the requester cannot approve their own high-risk step', async () => {
    h = await startHarness();
    const cmd = await h.api('POST', '/api/commands', { text: '!wk ops rollback checkout-api' }, 'operator');
    expect(cmd.status).to.equal(200);
    const prompt = cmd.body.replies.find((r: any) => r.approval !== undefined);
    expect(prompt, 'the approval prompt comes back with the command').to.not.equal(undefined);
    const own = await h.api(
      'POST',
      `/api/approvals/${prompt.approval.approvalId}/votes`,
      { decision: 'approve' },
      'operator',
    );
    expect(own.status).to.equal(403);
    expect(own.body.replies[0].error.code).to.equal('APPROVAL_NOT_ALLOWED');
    const pending = await h.api('GET', '/api/approvals?status=pending');
    expect(pending.body.approvals ?? pending.body).to.have.length(1);
  });

  it('the same vote twice, even concurrently, executes the step exactly once', async () => {
    h = await startHarness();
    const { incidentId, approval } = await alertToApproval(h);
    const votes = await Promise.all([
      h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice'),
      h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice'),
    ]);
    expect(votes.map((v) => v.status).sort()).to.deep.equal([200, 409]);
    const again = await h.api(
      'POST',
      `/api/approvals/${approval.id}/votes`,
      { decision: 'approve' },
      'alice',
    );
    expect(again.status).to.equal(409);
    const step = await stepOf(h, incidentId, 'sandbox.rollback');
    expect(step.state).to.equal('succeeded');
    expect(step.attempts).to.equal(1);
    const audit = await h.api('GET', '/api/audit?after=0&limit=1000');
    const calls = (audit.body.entries ?? audit.body).filter(
      (e: any) => e.kind === 'tool.call' && e.data.tool === 'sandbox.rollback',
    );
    expect(calls).to.have.length(1);
  });
});
