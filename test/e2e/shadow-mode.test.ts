import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

/** The shipped policies with operations left unconfigured (a new domain): it runs in shadow. */
function shadowPolicies(root: string): string {
  const dir = join(root, 'policies');
  cpSync('policies', dir, { recursive: true });
  writeFileSync(
    join(dir, 'zz-shadow.policy.yaml'),
    'version: 1\nname: shadow\ndefaults: { autonomy: { operations: shadow } }\nrules: []\n',
  );
  return dir;
}

describe('e2e: shadow mode plans and records, never acts, never posts unasked', function () {
  this.timeout(60_000);
  const root = mkdtempSync(join(tmpdir(), 'wk-shadow-'));
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { WATCHKEEPER_POLICIES: shadowPolicies(root) } });
  });
  after(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('an alert in a shadow domain is planned and recorded with previews, but no tool runs and nothing about it is posted', async () => {
    const before = (await h.api('GET', '/api/messages')).body;
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    const incidents = (await h.api('GET', '/api/incidents')).body.incidents;
    expect(incidents).to.have.length(1);
    const detail = (await h.api('GET', `/api/incidents/${incidents[0].id}`)).body;
    const steps = detail.runs.flatMap((r: any) => r.steps);
    expect(steps.map((s: any) => s.tool)).to.include('sandbox.rollback');
    for (const s of steps) {
      expect(s.state).to.equal('rejected');
      expect(s.decision).to.include({ effect: 'dry_run_only', autonomy: 'shadow' });
    }
    expect(steps.find((s: any) => s.tool === 'sandbox.rollback').preview).to.match(/checkout-api/);

    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body;
    const entries = audit.entries ?? audit;
    expect(
      entries.filter((e: any) => e.kind === 'tool.call'),
      'no tool was called',
    ).to.deep.equal([]);
    expect(entries.some((e: any) => e.kind === 'plan')).to.equal(true);
    expect((await h.api('GET', '/api/approvals?status=pending')).body.approvals).to.deep.equal([]);

    const after = JSON.stringify((await h.api('GET', '/api/messages')).body);
    const newText = after.slice(JSON.stringify(before).length - 2);
    expect(newText).not.to.include('sandbox.rollback');
    expect(newText).not.to.include('sandbox.service_status');
  });

  it('asked, it shows what it would have done: in chat and on the API the dashboard reads', async () => {
    const r = await h.api('POST', '/api/commands', { text: '!wk incident INC-1' });
    expect(JSON.stringify(r.body.replies)).to.include('sandbox.rollback');
    const report = (await h.api('GET', '/api/rollout/shadow')).body.incidents;
    expect(report).to.have.length(1);
    expect(report[0].incident).to.include({ id: 'INC-1' });
    expect(report[0].wouldHave.map((w: any) => w.tool)).to.deep.equal([
      'sandbox.service_status',
      'sandbox.recent_deploys',
      'sandbox.rollback',
    ]);
    expect(report[0].humansDid).to.deep.equal([]);
  });

  it('what a person then asks for appears beside it ("would have done X; humans did Y"), still without acting', async () => {
    const r = await h.api('POST', '/api/commands', { text: '!wk ops rollback checkout-api' }, 'operator');
    expect(r.status).to.equal(200);
    await h.settle();
    const [row] = (await h.api('GET', '/api/rollout/shadow')).body.incidents;
    expect(row.humansDid.map((x: any) => [x.principal, x.tool, x.shadow])).to.deep.include([
      'console:operator',
      'sandbox.rollback',
      true,
    ]);
    expect(row.matched).to.include('sandbox.rollback');
    expect(row.resolution).to.include({ status: 'open', resolvedAt: null });
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body;
    expect((audit.entries ?? audit).filter((e: any) => e.kind === 'tool.call')).to.deep.equal([]);
    expect((await h.api('GET', '/api/audit/verify')).body.ok).to.equal(true);
  });
});
