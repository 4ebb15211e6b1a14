import { expect } from 'chai';
import { base32Decode, totp } from '../../src/policy/totp.js';
import { startFakeEdr, type FakeEdr } from '../fakes/edr/index.js';
import { startFakeScim, type FakeScim } from '../fakes/identity/index.js';
import { startHarness, type Harness } from './harness.js';

const EDR_TOKEN = 'edr-e2e-token-4f1c9a7d2b';
const IDP_TOKEN = 'idp-e2e-token-8e3b6c0a5f';

async function enrol(h: Harness, user: string): Promise<Buffer> {
  const r = await h.api('POST', '/api/commands', { text: '!wk 2fa enrol' }, user);
  const text: string = r.body.replies.map((m: any) => m.text).join('\n');
  return base32Decode(/secret: ([A-Z2-7]+)/.exec(text)![1]!);
}

describe('e2e security: containment through the real EDR and SCIM adapters (protocol fakes)', function () {
  this.timeout(20_000);
  let h: Harness;
  let edr: FakeEdr;
  let scim: FakeScim;
  beforeEach(async () => {
    edr = await startFakeEdr({ token: EDR_TOKEN, hosts: ['web-1'] });
    scim = await startFakeScim({ token: IDP_TOKEN, users: [{ id: 'u-7', userName: 'mallory' }] });
    h = await startHarness({
      env: {
        WATCHKEEPER_EDR_URL: edr.url,
        WATCHKEEPER_EDR_TOKEN: EDR_TOKEN,
        WATCHKEEPER_IDP_URL: scim.url,
        WATCHKEEPER_IDP_TOKEN: IDP_TOKEN,
      },
    });
  });
  afterEach(async () => {
    await h?.close();
    await edr.close();
    await scim.close();
  });

  it('isolates through the EDR API after two approvals with TOTP; the token never reaches audit or chat', async () => {
    await h.api('POST', '/hooks/security', {
      title: 'SSH brute force',
      level: 12,
      host: 'web-1',
      src_ip: '203.0.113.9',
      attack_techniques: ['T1110'],
    });
    await h.settle();
    const [incident] = (await h.api('GET', '/api/incidents')).body.incidents.filter(
      (i: any) => i.skill === 'security',
    );
    const steps = (await h.api('GET', `/api/incidents/${incident.id}`)).body.runs.flatMap(
      (r: any) => r.steps,
    );
    const isolate = steps.find((s: any) => s.tool === 'edr.isolate_host');
    expect(isolate.state).to.equal('awaiting_approval');
    expect(isolate.preview, 'the dry run asked the EDR, without writing').to.equal(
      'would isolate host web-1',
    );
    expect(edr.hosts.get('web-1')!.isolated).to.equal(false);

    for (const user of ['operator', 'alice']) {
      const key = await enrol(h, user);
      const r = await h.api(
        'POST',
        `/api/approvals/${isolate.approvalId}/votes`,
        { decision: 'approve', secondFactor: totp(key, Date.now()) },
        user,
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
    }
    const done = (await h.api('GET', `/api/incidents/${incident.id}`)).body.runs
      .flatMap((r: any) => r.steps)
      .find((s: any) => s.tool === 'edr.isolate_host');
    expect(done.state, JSON.stringify(done)).to.equal('succeeded');
    expect(edr.hosts.get('web-1')!.isolated).to.equal(true);
    const call = edr.requests.find((r) => r.method === 'POST')!;
    expect(call.headers['idempotency-key']).to.equal(done.id);

    const audit = JSON.stringify((await h.api('GET', '/api/audit?after=0&limit=1000')).body);
    const messages = JSON.stringify((await h.api('GET', '/api/messages')).body);
    const evidence = JSON.stringify((await h.api('GET', `/api/incidents/${incident.id}/evidence`)).body);
    for (const text of [audit, messages, evidence]) {
      expect(text).to.not.include(EDR_TOKEN);
      expect(text).to.not.include(IDP_TOKEN);
    }
  });

  it('`sec disable` disables the account and revokes its sessions at the identity provider after two approvals each', async () => {
    const r = await h.api('POST', '/api/commands', { text: '!wk sec disable mallory' }, 'operator');
    const prompt = r.body.replies.find((m: any) => m.approval !== undefined);
    expect(prompt.approval).to.include({
      tool: 'idp.disable_account',
      needed: 2,
      requester: 'console:operator',
    });
    expect(scim.users.get('u-7')!.active).to.equal(true);
    const keys = { alice: await enrol(h, 'alice'), bob: await enrol(h, 'bob') };
    const say = async (text: string, user: string) =>
      (await h.api('POST', '/api/commands', { text }, user)).body.replies.map((m: any) => m.text).join('\n');
    const id = prompt.approval.approvalId;
    expect(await say(`!wk approve ${id} ${totp(keys.alice, Date.now())}`, 'alice')).to.match(/1 of 2/);
    await say(`!wk approve ${id} ${totp(keys.bob, Date.now())}`, 'bob');
    expect(scim.users.get('u-7')!.active).to.equal(false);

    // Revoking sessions cannot be undone: the approvers acknowledge that explicitly.
    const pending = (await h.api('GET', '/api/approvals?status=pending')).body.approvals;
    expect(pending).to.have.length(1);
    const revoke = pending[0].id;
    const later = Date.now() + 30_000; // a TOTP code is spent once per time step
    await say(`!wk approve ${revoke} ${totp(keys.alice, later)} irreversible`, 'alice');
    await say(`!wk approve ${revoke} ${totp(keys.bob, later)} irreversible`, 'bob');
    expect(scim.users.get('u-7')!.sessions).to.equal(0);
    expect(scim.requests.filter((q) => q.method === 'DELETE').map((q) => q.path)).to.deep.equal([
      '/Users/u-7/sessions',
    ]);
  });
});
