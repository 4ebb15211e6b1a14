import { expect } from 'chai';
import { base32Decode, totp } from '../../src/policy/totp.js';
import { startHarness, type Harness } from './harness.js';

/** A Wazuh alert as `alerts.json` writes it: sshd brute force (rule 5712, level 10, ATT&CK T1110). */
function bruteForceAlert(n: number, host = 'web-1'): unknown {
  return {
    timestamp: `2026-11-26T09:00:0${n}.000+0000`,
    rule: {
      level: 10,
      id: '5712',
      description: 'sshd: brute force trying to get access to the system. Non existent user.',
      groups: ['syslog', 'sshd', 'authentication_failures'],
      mitre: { id: ['T1110'], tactic: ['Credential Access'], technique: ['Brute Force'] },
      frequency: 8,
    },
    agent: { id: '004', name: host },
    data: { srcip: '203.0.113.7', srcuser: 'admin' },
    full_log: `Nov 26 09:00:0${n} ${host} sshd[1432]: Invalid user admin from 203.0.113.7 port 5142${n}`,
    location: '/var/log/auth.log',
  };
}

async function incidentsOf(h: Harness): Promise<any[]> {
  const r = await h.api('GET', '/api/incidents?limit=50');
  return r.body.incidents;
}

async function stepsOf(h: Harness, incidentId: string): Promise<any[]> {
  const detail = await h.api('GET', `/api/incidents/${incidentId}`);
  return detail.body.runs.flatMap((r: any) => r.steps);
}

function host(h: Harness, id: string): { isolated: boolean } {
  return h.app.store.sandbox.get<{ isolated: boolean }>('host', id)!;
}

/** Enrols a console user's TOTP authenticator through the private `2fa enrol` reply; returns the secret. */
async function enrol(h: Harness, user: string): Promise<Buffer> {
  const r = await h.api('POST', '/api/commands', { text: '!wk 2fa enrol' }, user);
  const text: string = r.body.replies.map((m: any) => m.text).join('\n');
  const secret = /secret: ([A-Z2-7]+)/.exec(text)?.[1];
  expect(secret, text).to.be.a('string');
  return base32Decode(secret!);
}

const vote = (h: Harness, id: string, user: string, code?: string) =>
  h.api(
    'POST',
    `/api/approvals/${id}/votes`,
    { decision: 'approve', ...(code ? { secondFactor: code } : {}) },
    user,
  );

describe('e2e security: brute force → incident → critical isolation with two approvers and TOTP', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('proposes isolating the host, needs two security approvers with a second factor, runs it, and offers the release', async () => {
    h = await startHarness();
    const posted = await h.api(
      'POST',
      '/hooks/security',
      [1, 2, 3, 4, 5].map((n) => bruteForceAlert(n)),
    );
    expect(posted.status).to.equal(202);
    expect(posted.body.accepted).to.equal(5);
    await h.settle();

    const incidents = (await incidentsOf(h)).filter((i) => i.skill === 'security');
    expect(incidents, 'the burst folds into one incident').to.have.length(1);
    const incident = incidents[0];
    expect(incident.signalCount).to.equal(5);
    const steps = await stepsOf(h, incident.id);
    expect(steps.map((s) => [s.tool, s.state])).to.deep.equal([
      ['sec.triage_event', 'succeeded'],
      ['sandbox.isolate_host', 'awaiting_approval'],
    ]);
    const isolate = steps[1];
    expect(isolate.risk).to.equal('critical');
    expect(isolate.decision.rule).to.equal('default.policy.yaml#containment-critical');
    expect(isolate.preview).to.match(/web-1 \(frontend\): in service → isolated/);
    const approval = (await h.api('GET', `/api/approvals?status=pending`)).body.approvals.find(
      (a: any) => a.id === isolate.approvalId,
    );
    expect(approval.requirements).to.include({ count: 2, secondFactor: 'totp', distinctFromRequester: true });
    expect(approval.requirements.roles).to.deep.equal(['security']);

    const operatorKey = await enrol(h, 'operator');
    const aliceKey = await enrol(h, 'alice');
    const first = await vote(h, approval.id, 'operator', totp(operatorKey, Date.now()));
    expect(first.status).to.equal(200);
    expect(first.body.replies[0].text).to.match(/1 of 2/);
    expect((await stepsOf(h, incident.id))[1].state, 'one approval is not enough').to.equal(
      'awaiting_approval',
    );
    expect(host(h, 'web-1').isolated).to.equal(false);

    const noCode = await vote(h, approval.id, 'alice');
    expect(noCode.status).to.not.equal(200);
    expect(noCode.body.replies[0].error.code).to.equal('APPROVAL_SECOND_FACTOR');
    expect(host(h, 'web-1').isolated, 'a vote without the second factor changes nothing').to.equal(false);

    const second = await vote(h, approval.id, 'alice', totp(aliceKey, Date.now()));
    expect(second.status).to.equal(200);
    const done = (await stepsOf(h, incident.id))[1];
    expect(done.state).to.equal('succeeded');
    expect(host(h, 'web-1').isolated).to.equal(true);

    // The release step: the evidence names it, and `sec release` runs it through the policy gate.
    const evidence = await h.api('GET', `/api/incidents/${incident.id}/evidence`);
    expect(evidence.status).to.equal(200);
    const action = evidence.body.actions.find((a: any) => a.tool === 'sandbox.isolate_host');
    expect(action.release).to.deep.equal({ tool: 'sandbox.release_host', input: { host: 'web-1' } });
    expect(action.approvedBy).to.deep.equal(['console:operator', 'console:alice']);
    const release = await h.api('POST', '/api/commands', { text: '!wk sec release web-1' }, 'operator');
    const prompt = release.body.replies.find((r: any) => r.approval !== undefined);
    expect(prompt.approval).to.include({ tool: 'sandbox.release_host', needed: 1 });
    await vote(h, prompt.approval.approvalId, 'alice');
    expect(host(h, 'web-1').isolated).to.equal(false);
    expect((await h.api('GET', '/api/audit/verify')).body.ok).to.equal(true);
  });

  it('one security approver voting twice never isolates the host', async () => {
    h = await startHarness();
    await h.api('POST', '/hooks/security', bruteForceAlert(1, 'checkout-1'));
    await h.settle();
    const [incident] = (await incidentsOf(h)).filter((i) => i.skill === 'security');
    const isolate = (await stepsOf(h, incident.id)).find((s) => s.tool === 'sandbox.isolate_host');
    const key = await enrol(h, 'alice');
    const r = await vote(h, isolate.approvalId, 'alice', totp(key, Date.now()));
    expect(r.status).to.equal(200);
    const again = await vote(h, isolate.approvalId, 'alice', totp(key, Date.now() + 30_000));
    expect(again.status, 'the same approver twice does not count twice').to.not.equal(200);
    expect(host(h, 'checkout-1').isolated).to.equal(false);
  });
});

describe('e2e security: a burst of failed logins (generic auth events) is brute force by the triage', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('opens one incident and proposes isolating the host from the technique the triage inferred', async () => {
    h = await startHarness();
    const failures = [0, 1, 2, 3, 4, 5].map((i) => ({
      title: 'SSH login failed',
      host: 'inventory-1',
      user: 'root',
      src_ip: '203.0.113.9',
      event: { category: 'authentication', outcome: 'failure' },
      timestamp: `2026-11-26T09:00:0${i}Z`,
    }));
    expect((await h.api('POST', '/hooks/security', failures)).status).to.equal(202);
    await h.settle();
    const incidents = (await incidentsOf(h)).filter((i) => i.skill === 'security');
    expect(incidents).to.have.length(1);
    expect(incidents[0].labels).to.include({ attack_techniques: 'T1110', access_anomaly: 'brute_force' });
    const steps = await stepsOf(h, incidents[0].id);
    const isolate = steps.find((s) => s.tool === 'sandbox.isolate_host');
    expect(isolate, JSON.stringify(steps.map((s) => s.tool))).to.not.equal(undefined);
    expect(isolate).to.deep.include({
      state: 'awaiting_approval',
      risk: 'critical',
      input: { host: 'inventory-1' },
    });
    expect(host(h, 'inventory-1').isolated).to.equal(false);
  });
});
