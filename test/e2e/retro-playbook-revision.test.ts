import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

const PLAYBOOK = 'operations.high-error-rate-after-deploy';

const say = async (h: Harness, text: string, user = 'operator') => {
  const r = await h.api('POST', '/api/commands', { text }, user);
  await h.settle();
  return r;
};

/** Fires a HighErrorRate alert on a service and returns its incident with runs. */
async function incidentOn(h: Harness, service: string): Promise<any> {
  await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', service));
  await h.settle();
  const incidents = (await h.api('GET', '/api/incidents')).body.incidents as any[];
  const incident = incidents.find((i) => i.labels?.service === service || i.title.includes(service));
  return (await h.api('GET', `/api/incidents/${incident.id}`)).body;
}

const tools = (detail: any): string[] => detail.runs.flatMap((r: any) => r.steps.map((s: any) => s.tool));
const pending = async (h: Harness): Promise<any[]> =>
  (await h.api('GET', '/api/approvals?status=pending')).body.approvals;
const entries = async (h: Harness): Promise<any[]> =>
  (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries;
const versionOf = async (h: Harness): Promise<number> =>
  (await h.api('GET', '/api/playbooks')).body.playbooks.find((p: any) => p.id === PLAYBOOK).version;

/**
 * Issue 11: an incident runs, its retro proposes dropping the step people rejected, a second person
 * approves the acceptance, the next incident of the same kind is planned with the new version (no
 * rollback proposed), the ledger still verifies, and a rollback of the playbook brings the step back.
 */
describe('e2e: accepted retro proposals become new playbook versions', function () {
  this.timeout(90_000);
  let h: Harness;
  let first: any;

  before(async () => {
    h = await startHarness();
    first = await incidentOn(h, 'checkout-api');
    const [rollback] = await pending(h);
    await h.api('POST', `/api/approvals/${rollback.id}/votes`, { decision: 'reject' }, 'alice');
    await h.settle();
  });
  after(async () => h.close());

  it('the retro proposes a structured playbook change and says how to accept it', async () => {
    const text: string = (await say(h, `!wk retro ${first.incident.id}`)).body.replies[0].text;
    expect(text).to.contain(`${first.incident.id}-P1 [playbook] Stop proposing sandbox.rollback`);
    expect(text).to.contain('retro accept <id>');
    const drafted = (await entries(h)).find((e) => e.data?.event === 'retro.drafted');
    expect(drafted.data.proposals[0].change).to.deep.equal({
      op: 'remove_step',
      playbook: PLAYBOOK,
      index: 2,
      tool: 'sandbox.rollback',
    });
    expect(drafted.data.proposals[0].version).to.equal(1);
    expect(await versionOf(h)).to.equal(1);
  });

  it('an acceptance someone rejects changes nothing', async () => {
    await say(h, `!wk retro accept ${first.incident.id}-P1`);
    const [approval] = await pending(h);
    expect(approval, 'accepting waits for an approver').to.not.equal(undefined);
    expect(await versionOf(h)).to.equal(1);
    await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'reject' }, 'alice');
    await h.settle();
    expect(await versionOf(h)).to.equal(1);
    expect((await entries(h)).some((e) => e.data?.event === 'playbook.revised')).to.equal(false);
    const other = await incidentOn(h, 'payments-api');
    expect(tools(other)).to.include('sandbox.rollback');
    expect(other.runs[0].plan.playbookVersion).to.equal(1);
    const [rollback] = await pending(h);
    await h.api('POST', `/api/approvals/${rollback.id}/votes`, { decision: 'reject' }, 'alice');
    await h.settle();
  });

  it('an approved acceptance writes version 2, and the next incident is planned without the rollback', async () => {
    await say(h, `!wk retro accept ${first.incident.id}-P1`);
    const [approval] = await pending(h);
    const self = await h.api(
      'POST',
      `/api/approvals/${approval.id}/votes`,
      { decision: 'approve' },
      'operator',
    );
    expect(JSON.stringify(self.body)).to.match(/requester|distinct|own/i);
    expect(await versionOf(h)).to.equal(1);
    await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    await h.settle();

    const listed = (await h.api('GET', '/api/playbooks')).body.playbooks.find((p: any) => p.id === PLAYBOOK);
    expect(listed).to.deep.include({
      version: 2,
      requestedBy: 'console:operator',
      approvedBy: ['console:alice'],
      proposalId: `${first.incident.id}-P1`,
    });
    expect(listed.steps.map((s: any) => s.tool)).to.deep.equal([
      'sandbox.service_status',
      'sandbox.recent_deploys',
    ]);
    const revised = (await entries(h)).find((e) => e.data?.event === 'playbook.revised');
    expect(revised.data).to.deep.include({ playbook: PLAYBOOK, version: 2, baseVersion: 1 });
    expect(revised.data.diff).to.contain('-  - tool: sandbox.rollback');

    const next = await incidentOn(h, 'cart');
    expect(tools(next)).to.deep.equal(['sandbox.service_status', 'sandbox.recent_deploys']);
    expect(next.runs[0].plan.playbookVersion).to.equal(2);
    const plan = (await entries(h)).find((e) => e.kind === 'plan' && e.incidentId === next.incident.id);
    expect(plan.data).to.include({ playbook: PLAYBOOK, playbookVersion: 2 });
    expect(await pending(h)).to.deep.equal([]);
  });

  it('accepting the same proposal again is refused as stale before anyone is asked', async () => {
    await say(h, `!wk retro accept ${first.incident.id}-P1`);
    expect(await pending(h)).to.deep.equal([]);
    expect(JSON.stringify((await h.api('GET', '/api/messages')).body)).to.contain('PLAYBOOK_REVISION_STALE');
    expect(await versionOf(h)).to.equal(2);
  });

  it('lists versions, and an approved rollback restores the rollback step as version 3', async () => {
    await say(h, `!wk playbook versions ${PLAYBOOK}`);
    const feed = JSON.stringify((await h.api('GET', '/api/messages')).body);
    expect(feed).to.contain(`Playbook ${PLAYBOOK}: version 2 in use`);
    expect(feed).to.contain('approved by console:alice');

    await say(h, `!wk playbook rollback ${PLAYBOOK} 1`);
    const [approval] = await pending(h);
    expect(approval, 'a rollback waits for an approver too').to.not.equal(undefined);
    await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    await h.settle();
    expect(await versionOf(h)).to.equal(3);

    const again = await incidentOn(h, 'inventory');
    expect(tools(again)).to.include('sandbox.rollback');
    expect(again.runs[0].plan.playbookVersion).to.equal(3);
    const waiting = await pending(h);
    expect(waiting).to.have.length(1);
  });

  it('the audit ledger still verifies', async () => {
    const res = await h.api('GET', '/api/audit/verify');
    expect(res.body.ok).to.equal(true);
  });
});

describe('e2e: playbook versions on the console API and in help', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { WATCHKEEPER_CONSOLE_TOKEN: 'console-secret-token' } });
  });
  after(async () => h.close());

  it('GET /api/playbooks needs the console token and lists every domain playbook at version 1', async () => {
    expect((await fetch(`${h.url}/api/playbooks`)).status).to.equal(401);
    const { status, body } = await h.api('GET', '/api/playbooks');
    expect(status).to.equal(200);
    const ids = body.playbooks.map((p: any) => p.id);
    expect(ids).to.include(PLAYBOOK);
    expect(ids, "Watchkeeper's own playbooks are not revisable").to.not.include('playbook-accept');
    expect(body.playbooks.every((p: any) => p.version === 1)).to.equal(true);
    expect((await h.api('GET', `/api/playbooks/${PLAYBOOK}`)).body.versions).to.deep.equal([]);
    expect((await h.api('GET', '/api/playbooks/nope')).status).to.equal(404);
  });

  it('help names the retro and playbook commands', async () => {
    const text: string = (await h.api('POST', '/api/commands', { text: '!wk help' }, 'operator')).body
      .replies[0].text;
    expect(text).to.contain('!wk retro accept <proposal>');
    expect(text).to.contain('!wk playbook rollback <playbook> <version>');
    expect(text).to.contain('!wk playbook versions <playbook>');
  });
});
