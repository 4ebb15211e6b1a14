import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

const say = async (h: Harness, text: string, user = 'operator') => {
  const r = await h.api('POST', '/api/commands', { text }, user);
  await h.settle();
  return r;
};

describe('e2e: /wk autonomy is an approved, audited change the orchestrator enforces', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'wk-autonomy-'));
  let h: Harness;
  before(async () => {
    h = await startHarness({ dir });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('changing a mode waits for an approver other than the requester, then is stored and audited', async () => {
    await say(h, '!wk autonomy ops.rollback shadow');
    const [pending] = (await h.api('GET', '/api/approvals?status=pending')).body.approvals;
    expect(pending, 'a high-risk change waits for approval').to.not.equal(undefined);
    expect((await h.api('GET', '/api/rollout/autonomy')).body.overrides).to.deep.equal([]);

    const self = await h.api(
      'POST',
      `/api/approvals/${pending.id}/votes`,
      { decision: 'approve' },
      'operator',
    );
    expect(JSON.stringify(self.body)).to.match(/requester|distinct|own/i);
    const vote = await h.api('POST', `/api/approvals/${pending.id}/votes`, { decision: 'approve' }, 'alice');
    expect(vote.status).to.equal(200);
    await h.settle();

    const overrides = (await h.api('GET', '/api/rollout/autonomy')).body.overrides;
    expect(overrides).to.have.length(1);
    expect(overrides[0]).to.include({ key: 'operations.rollback', mode: 'shadow' });
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body;
    const entries = audit.entries ?? audit;
    const call = entries.find(
      (e: any) => e.kind === 'tool.call' && e.data.tool === 'watchkeeper.set_autonomy',
    );
    expect(call.data.input).to.deep.equal({ key: 'operations.rollback', mode: 'shadow' });
    expect(entries.some((e: any) => e.kind === 'approval.vote' && e.actor === 'console:alice')).to.equal(
      true,
    );
  });

  it('the orchestrator applies the new mode at once: the rollback is only planned, the diagnostics still run', async () => {
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    const [incident] = (await h.api('GET', '/api/incidents')).body.incidents;
    const steps = (await h.api('GET', `/api/incidents/${incident.id}`)).body.runs.flatMap(
      (r: any) => r.steps,
    );
    const byTool = Object.fromEntries(steps.map((s: any) => [s.tool, s]));
    expect(byTool['sandbox.service_status'].state).to.equal('succeeded');
    expect(byTool['sandbox.rollback'].state).to.equal('rejected');
    expect(byTool['sandbox.rollback'].decision).to.include({ effect: 'dry_run_only', autonomy: 'shadow' });
    expect((await h.api('GET', '/api/approvals?status=pending')).body.approvals).to.deep.equal([]);
  });

  it('refuses an unknown domain before anyone is asked, and answers proposals and show', async () => {
    await say(h, '!wk autonomy payroll.rollback autonomous');
    expect((await h.api('GET', '/api/approvals?status=pending')).body.approvals).to.deep.equal([]);
    const feed = JSON.stringify((await h.api('GET', '/api/messages')).body);
    expect(feed).to.match(/unknown domain \\"payroll\\"/);

    await say(h, '!wk autonomy proposals');
    await say(h, '!wk autonomy');
    const after = JSON.stringify((await h.api('GET', '/api/messages')).body);
    expect(after).to.include('No promotion proposed');
    expect(after).to.include('override operations.rollback = shadow');
  });

  it('overrides survive a restart', async () => {
    await h.close({ keepDir: true });
    h = await startHarness({ dir });
    const overrides = (await h.api('GET', '/api/rollout/autonomy')).body.overrides;
    expect(overrides.map((o: any) => `${o.key}=${o.mode}`)).to.deep.equal(['operations.rollback=shadow']);
  });
});
