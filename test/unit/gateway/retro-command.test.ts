import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from '../../e2e/harness.js';

/** `/wk retro` on a real incident: alert → rollback proposed → rejected by a person → retro. */
describe('/wk retro <incident>', function () {
  this.timeout(60_000);
  let h: Harness;
  let incidentId: string;

  before(async () => {
    h = await startHarness();
    await fetch(`${h.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload('HighErrorRate', 'checkout-api')),
    });
    await h.settle();
    incidentId = (await h.api('GET', '/api/incidents')).body.incidents[0].id;
    const approval = (await h.api('GET', '/api/approvals?status=pending')).body.approvals[0];
    await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'reject' }, 'alice');
    await h.settle();
  });
  after(async () => h.close());

  it('drafts timeline, automation, interventions and failures, and proposes a playbook diff', async () => {
    const res = await h.api(
      'POST',
      '/api/commands',
      { text: `!wk retro ${incidentId.toLowerCase()}` },
      'operator',
    );
    const text: string = res.body.replies[0].text;
    expect(text).to.contain(`Retro draft for ${incidentId}`);
    expect(text).to.match(/Timeline\n\s+T\+00:\d\d first signal: HighErrorRate on checkout-api/);
    expect(text).to.match(/Automated \(2 steps ran without a person\)/);
    expect(text).to.contain('sandbox.service_status');
    expect(text).to.match(/Human interventions \(1\)\n\s+• console:alice reject/);
    expect(text).to.match(/What failed \(1\)\n\s+• sandbox\.rollback .* — rejected/);
    expect(text).to.contain(`${incidentId}-P1 [playbook] Stop proposing sandbox.rollback`);
    expect(text).to.match(
      /```diff\n--- playbook \S+ \(current\)\n\+\+\+ playbook \S+ \(proposed\)\n steps:\n- {2}- tool: sandbox\.rollback/,
    );
    expect(text).to.contain('recorded for review, not applied');
  });

  it('records the proposals in the ledger and changes nothing else', async () => {
    const entries = (await h.api('GET', '/api/audit?after=0&limit=500')).body.entries as any[];
    const drafted = entries.filter((e) => e.kind === 'system' && e.data?.event === 'retro.drafted');
    expect(drafted).to.have.length(1);
    expect(drafted[0].incidentId).to.equal(incidentId);
    expect(drafted[0].actor).to.equal('console:operator');
    expect(drafted[0].data.proposals[0].diff).to.contain('-  - tool: sandbox.rollback');
    const incident = (await h.api('GET', `/api/incidents/${incidentId}`)).body;
    const rollback = incident.runs[0].steps.find((s: any) => s.tool === 'sandbox.rollback');
    expect(rollback.state).to.equal('rejected');
  });

  it('says which incident it could not find', async () => {
    const res = await h.api('POST', '/api/commands', { text: '!wk retro INC-999' }, 'operator');
    expect(res.body.replies[0].error.code).to.equal('NOT_FOUND');
  });
});
