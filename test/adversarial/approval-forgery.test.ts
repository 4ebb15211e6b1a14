import Database from 'better-sqlite3';
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32Decode, totp } from '../../src/policy/index.js';
import { ManualClock, startHarness, type Harness } from '../e2e/harness.js';
import { expectUnharmed, facts, pendingApprovalIds, policiesDir, ROLES, say } from './support.js';

/** Rollbacks of payments-api need a TOTP code; everything else follows the shipped policy. */
const TOTP_RULE = `version: 1
name: totp-rollbacks
rules:
  - id: payments-rollback-totp
    match: { tool: '*.rollback', service: payments-api, roles: [sre, oncall, bot] }
    effect: approve
    approval: { count: 1, roles: [sre], distinctFromRequester: true, expiresIn: 15m, secondFactor: totp }
`;

/** Forged, replayed and raced votes: each refused with its reason, audited, and nothing runs. */
describe('adversarial: approval forgery', function () {
  this.timeout(30_000);
  let root: string;
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'wk-adv-appr-'));
    clock = new ManualClock();
    h = await startHarness({
      clock,
      env: {
        WATCHKEEPER_POLICIES: policiesDir(root, { 'roles.yaml': ROLES, 'aa-totp.policy.yaml': TOTP_RULE }),
      },
    });
  });
  afterEach(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** Requests a rollback as the operator; returns its approval id. */
  async function rollback(service: string): Promise<string> {
    const known = new Set(await pendingApprovalIds(h));
    await say(h, `!wk ops rollback ${service}`);
    const id = (await pendingApprovalIds(h)).find((a) => !known.has(a));
    expect(id, `an approval for ${service}`).to.be.a('string');
    return id!;
  }
  const vote = (id: string, user: string, body: Record<string, unknown> = {}) =>
    h.api('POST', `/api/approvals/${id}/votes`, { decision: 'approve', ...body }, user);
  const entries = (): any[] => h.app.ledger.after(0, 100_000);
  const refusedVotes = () => entries().filter((e) => e.kind === 'approval.vote' && !e.data.accepted);

  it('a changed approval id matches nothing', async () => {
    await rollback('checkout-api');
    const before = facts(h.app.config.dbPath);
    expect((await vote('A-ZZZZZZ', 'alice')).status).to.equal(404);
    const typed = await say(h, '!wk approve A-ZZZZZZ', 'alice');
    expect(typed.replies[0].error.code).to.equal('APPROVAL_NOT_FOUND');
    expectUnharmed(h, before, 'changed approval id');
  });

  it("another approval's button token, and a made-up one, are refused and audited", async () => {
    const a = await rollback('checkout-api');
    const b = await rollback('cart');
    const before = facts(h.app.config.dbPath);
    const feed = (await h.api('GET', '/api/messages')).body.messages as any[];
    const tokenOf = (id: string) => feed.find((m) => m.approval?.approvalId === id)?.approval.token as string;
    expect(tokenOf(b)).to.be.a('string');
    const swapped = await vote(a, 'alice', { token: tokenOf(b) });
    expect(swapped.body.replies[0].error.code).to.equal('APPROVAL_TOKEN_INVALID');
    const made = await vote(a, 'alice', { token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(made.body.replies[0].error.code).to.equal('APPROVAL_TOKEN_INVALID');
    expect(refusedVotes().map((e) => e.data.reason)).to.deep.equal([
      'APPROVAL_TOKEN_INVALID',
      'APPROVAL_TOKEN_INVALID',
    ]);
    expectUnharmed(h, before, 'forged token');
  });

  it('a step changed after approval was requested never runs, even if its stored digest is left alone', async () => {
    const a = await rollback('checkout-api');
    const before = facts(h.app.config.dbPath);
    // Tamper with the stored step: point the rollback at another service, keep the digest the approval binds to.
    const db = new Database(h.app.config.dbPath);
    db.prepare(`UPDATE steps SET input = ? WHERE approval_id = ?`).run(
      JSON.stringify({ service: 'payments-api' }),
      a,
    );
    db.close();
    const r = await vote(a, 'alice');
    await h.settle();
    expect(JSON.stringify(r.body)).to.not.include('succeeded');
    // The vote itself was valid; the orchestrator refuses the changed row right before the tool call.
    expectUnharmed(h, { ...before, approved: before.approved + 1 }, 'changed step');
    const refusal = entries().find((e) => e.kind === 'step.state' && e.data.to === 'rejected');
    expect(refusal?.data.reason).to.match(/does not match the digest/);
    // And a changed digest is refused at the vote.
    const b = await rollback('cart');
    const db2 = new Database(h.app.config.dbPath);
    db2.prepare(`UPDATE steps SET digest = 'x' WHERE approval_id = ?`).run(b);
    db2.close();
    expect((await vote(b, 'alice')).body.replies[0].error.code).to.equal('APPROVAL_DIGEST_MISMATCH');
    expectUnharmed(h, { ...before, approved: before.approved + 1 }, 'changed digest');
  });

  it("an unauthorised principal's vote and the requester's own vote are refused", async () => {
    const a = await rollback('checkout-api');
    const before = facts(h.app.config.dbPath);
    expect((await vote(a, 'helpdesk')).body.replies[0].error.code).to.equal('APPROVAL_NOT_ALLOWED');
    expect((await vote(a, 'mallory')).body.replies[0].error.code).to.equal('APPROVAL_NOT_ALLOWED');
    expect((await vote(a, 'operator')).body.replies[0].error.code).to.equal('APPROVAL_NOT_ALLOWED');
    expect(refusedVotes()).to.have.length(3);
    expectUnharmed(h, before, 'unauthorised votes');
  });

  it('a vote after expiry is refused and the step is marked expired', async () => {
    const a = await rollback('checkout-api');
    const before = facts(h.app.config.dbPath);
    clock.advance(16 * 60_000);
    expect((await vote(a, 'alice')).body.replies[0].error.code).to.equal('APPROVAL_EXPIRED');
    await h.settle();
    expectUnharmed(h, before, 'expired');
    const step = (await h.api('GET', '/api/approvals?status=expired')).body.approvals as any[];
    expect(step.map((x) => x.id)).to.deep.equal([a]);
  });

  it('a TOTP code is single-use and bound to the approval it was entered for', async () => {
    const enrol = await say(h, '!wk 2fa enrol', 'alice');
    const secret = /secret: ([A-Z2-7]+)/.exec(enrol.text)?.[1];
    expect(secret, enrol.text).to.be.a('string');
    // Private: the enrolment is neither in the shared console feed nor in the audit ledger.
    expect(JSON.stringify((await h.api('GET', '/api/messages')).body)).to.not.include(secret!);
    expect(JSON.stringify(h.app.ledger.after(0, 100_000))).to.not.include(secret!);

    const first = await rollback('payments-api');
    const code = totp(base32Decode(secret!), clock.now().getTime());
    const before = facts(h.app.config.dbPath);
    expect((await say(h, `!wk approve ${first}`, 'alice')).replies[0].error.code).to.equal(
      'APPROVAL_SECOND_FACTOR',
    );
    expectUnharmed(h, before, 'no code');
    const ok = await say(h, `!wk approve ${first} ${code}`, 'alice');
    expect(ok.text).to.match(/approved by console:alice/);
    expect(facts(h.app.config.dbPath).executed).to.deep.equal(['sandbox.rollback:succeeded']);
    // The typed code is kept out of the ledger's command entry.
    expect(JSON.stringify(h.app.ledger.after(0, 100_000))).to.not.include(code);

    const second = await rollback('payments-api');
    const replayed = facts(h.app.config.dbPath);
    const again = await say(h, `!wk approve ${second} ${code}`, 'alice');
    expect(again.replies[0].error.code).to.equal('APPROVAL_SECOND_FACTOR');
    expect(again.text).to.match(/already used/);
    // Bob's vote with Alice's code: Bob has no enrolment.
    expect((await say(h, `!wk approve ${second} ${code}`, 'bob')).replies[0].error.code).to.equal(
      'APPROVAL_SECOND_FACTOR',
    );
    expectUnharmed(h, replayed, 'replayed TOTP');
  });

  it('two concurrent approvals race: the step runs exactly once', async () => {
    const a = await rollback('checkout-api');
    const results = await Promise.all([vote(a, 'alice'), vote(a, 'bob'), vote(a, 'alice')]);
    await h.settle();
    expect(results.every((r) => r.status < 500)).to.equal(true);
    const calls = entries().filter((e) => e.kind === 'tool.call' && e.data.tool === 'sandbox.rollback');
    expect(calls).to.have.length(1);
    expect(facts(h.app.config.dbPath).executed).to.deep.equal(['sandbox.rollback:succeeded']);
    expect(h.app.ledger.verify().ok).to.equal(true);
  });
});
