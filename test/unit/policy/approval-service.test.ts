import { expect } from 'chai';
import type {
  ApprovalRepository,
  ApprovalRequirements,
  ApprovalService,
  AuditEntry,
  AuditInput,
  AuditLog,
  Store,
} from '../../../src/core/index.js';
import { PolicyError } from '../../../src/core/index.js';
import { createApprovalService, createPolicyEngine, loadPolicies } from '../../../src/policy/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const engine = createPolicyEngine(loadPolicies('policies/'));
const START = new Date('2024-05-01T10:00:00.000Z');
const SRE_ONE: ApprovalRequirements = {
  count: 1,
  roles: ['sre', 'oncall'],
  distinctFromRequester: true,
  expiresInSeconds: 900,
  secondFactor: 'none',
};

interface Harness {
  service: ApprovalService;
  store: Store;
  audit: AuditInput[];
  digests: Map<string, string>;
  setNow(d: Date): void;
}

function harness(wrapRepo: (repo: ApprovalRepository) => ApprovalRepository = (r) => r): Harness {
  let now = START;
  const clock = { now: () => now };
  const store = openSqliteStore({ path: ':memory:', clock, logger: silentLogger });
  const audit: AuditInput[] = [];
  const log: AuditLog = {
    append(entry): AuditEntry {
      audit.push(entry);
      return { ...entry, seq: audit.length, at: now.toISOString(), prevHash: '', hash: '', signature: '' };
    },
    sealed: (fn) => fn(),
  };
  const digests = new Map<string, string>([['step-1', 'd1']]);
  let n = 0;
  const service = createApprovalService({
    repo: wrapRepo(store.approvals),
    policy: engine,
    audit: log,
    clock,
    hmacKey: Buffer.from('test-key'),
    newId: () => `A-${++n}`,
    stepDigestOf: (id) => digests.get(id),
  });
  return { service, store, audit, digests, setNow: (d) => (now = d) };
}

function requestRollback(
  h: Harness,
  requirements: ApprovalRequirements = SRE_ONE,
  requester = 'watchkeeper',
) {
  return h.service.request({ runId: 'run-1', stepId: 'step-1', digest: 'd1', requester, requirements });
}

describe('createApprovalService', () => {
  let h: Harness;
  beforeEach(() => (h = harness()));
  afterEach(() => h.store.close());

  it('requests a pending approval that expires after the required time and is audited', () => {
    const a = requestRollback(h);
    expect(a).to.include({
      id: 'A-1',
      status: 'pending',
      requester: 'watchkeeper',
      expiresAt: '2024-05-01T10:15:00.000Z',
    });
    expect(h.service.status('A-1')?.status).to.equal('pending');
    expect(h.audit).to.have.length(1);
    expect(h.audit[0]).to.include({
      kind: 'approval.requested',
      actor: 'watchkeeper',
      subject: 'A-1',
      runId: 'run-1',
    });
  });

  it('approves with the button token and decides once, auditing the vote and the decision', () => {
    const a = requestRollback(h);
    const out = h.service.vote({
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve',
      token: h.service.tokenFor(a),
    });
    expect(out).to.include({ accepted: true, decided: true, message: 'approved by console:alice (1 of 1)' });
    expect(out.approval.status).to.equal('approved');
    expect(h.audit.map((e) => e.kind)).to.deep.equal([
      'approval.requested',
      'approval.vote',
      'approval.decided',
    ]);
  });

  it('throws APPROVAL_NOT_FOUND for an unknown id', () => {
    expect(() => h.service.vote({ approvalId: 'A-404', principal: 'console:alice', decision: 'approve' }))
      .to.throw(PolicyError)
      .with.property('code', 'APPROVAL_NOT_FOUND');
  });

  /** Asserts a refusal was returned, recorded as a refused vote and audited with its reason. */
  function expectRefused(approvalId: string, principal: string, reason: string, message?: RegExp) {
    const out = h.service.vote({ approvalId, principal, decision: 'approve' });
    expect(out).to.include({ accepted: false, reason });
    if (message) expect(out.message).to.match(message);
    const refused = h.service
      .status(approvalId)
      ?.votes.filter((v) => v.principal === principal && !v.accepted);
    expect(refused?.map((v) => v.reason)).to.include(reason);
    const last = h.audit.filter((e) => e.kind === 'approval.vote').at(-1);
    expect(last?.data).to.include({ accepted: false, reason, approvalId });
    return out;
  }

  it('refuses the requester when a distinct approver is required', () => {
    const a = requestRollback(h, SRE_ONE, 'console:operator');
    expectRefused(
      a.id,
      'console:operator',
      'APPROVAL_NOT_ALLOWED',
      /^you requested this step; a different approver is required$/,
    );
    expect(h.service.status(a.id)?.status).to.equal('pending');
  });

  it('lets the requester withdraw their own request by rejecting it', () => {
    const a = requestRollback(h, SRE_ONE, 'console:operator');
    const out = h.service.vote({ approvalId: a.id, principal: 'console:operator', decision: 'reject' });
    expect(out).to.include({ accepted: true, decided: true });
    expect(h.service.status(a.id)?.status).to.equal('rejected');
  });

  it('refuses principals without a required role, unknown principals and the bot', () => {
    const a = requestRollback(h, SRE_ONE, 'console:operator');
    expectRefused(a.id, 'console:helpdesk', 'APPROVAL_NOT_ALLOWED', /needs one of the roles sre, oncall/);
    expectRefused(a.id, 'slack:UNOBODY', 'APPROVAL_NOT_ALLOWED');
    expectRefused(a.id, 'watchkeeper', 'APPROVAL_NOT_ALLOWED', /bot cannot vote/);
    const anyone = requestRollback(h, { ...SRE_ONE, roles: [] });
    expectRefused(anyone.id, 'slack:UNOBODY', 'APPROVAL_NOT_ALLOWED', /no role/);
    expect(
      h.service.vote({ approvalId: anyone.id, principal: 'console:helpdesk', decision: 'approve' }).accepted,
    ).to.equal(true);
  });

  it('refuses a tampered token and a step whose digest changed', () => {
    const a = requestRollback(h);
    const bad = h.service.vote({
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve',
      token: 'forged',
    });
    expect(bad).to.include({ accepted: false, reason: 'APPROVAL_TOKEN_INVALID', decided: false });
    const otherToken = h.service.tokenFor({ ...a, digest: 'd2' });
    expect(
      h.service.vote({ approvalId: a.id, principal: 'console:alice', decision: 'approve', token: otherToken })
        .reason,
    ).to.equal('APPROVAL_TOKEN_INVALID');
    h.digests.set('step-1', 'd2');
    expectRefused(a.id, 'console:alice', 'APPROVAL_DIGEST_MISMATCH', /step changed/);
    h.digests.delete('step-1');
    expectRefused(a.id, 'console:alice', 'APPROVAL_DIGEST_MISMATCH');
    expect(h.service.status(a.id)?.status).to.equal('pending');
  });

  it('refuses a vote after the approval closed and a second vote by the same principal', () => {
    const two = requestRollback(h, { ...SRE_ONE, count: 2 });
    expect(
      h.service.vote({ approvalId: two.id, principal: 'console:alice', decision: 'approve' }).accepted,
    ).to.equal(true);
    expectRefused(two.id, 'console:alice', 'APPROVAL_DUPLICATE_VOTE', /already voted/);
    const one = requestRollback(h);
    h.service.vote({ approvalId: one.id, principal: 'console:alice', decision: 'approve' });
    expectRefused(one.id, 'console:operator', 'APPROVAL_CLOSED', /already approved/);
  });

  it('fails closed when a second factor is required and none is configured', () => {
    const a = requestRollback(h, { ...SRE_ONE, secondFactor: 'totp' });
    expectRefused(a.id, 'console:alice', 'APPROVAL_SECOND_FACTOR', /second factors are not configured/);
    expect(h.service.status(a.id)?.status).to.equal('pending');
  });

  it('expires on a late vote, deciding it expired exactly once', () => {
    const a = requestRollback(h);
    h.setNow(new Date(START.getTime() + 900_000));
    const out = expectRefused(a.id, 'console:alice', 'APPROVAL_EXPIRED');
    expect(out.decided).to.equal(true);
    expect(out.approval.status).to.equal('expired');
    expect(h.audit.filter((e) => e.kind === 'approval.decided')).to.have.length(1);
    const again = h.service.vote({ approvalId: a.id, principal: 'console:operator', decision: 'approve' });
    expect(again).to.include({ reason: 'APPROVAL_CLOSED', decided: false });
  });

  it('needs N distinct approvals out of the eligible approvers', () => {
    const a = requestRollback(h, { ...SRE_ONE, count: 2 });
    const first = h.service.vote({ approvalId: a.id, principal: 'console:alice', decision: 'approve' });
    expect(first).to.include({
      accepted: true,
      decided: false,
      message: 'approval by console:alice recorded (1 of 2); waiting for 1 more',
    });
    expect(first.approval.status).to.equal('pending');
    const second = h.service.vote({ approvalId: a.id, principal: 'console:operator', decision: 'approve' });
    expect(second).to.include({
      accepted: true,
      decided: true,
      message: 'approved by console:operator (2 of 2)',
    });
    expect(second.approval.status).to.equal('approved');
  });

  it('one accepted rejection rejects the approval', () => {
    const a = requestRollback(h, { ...SRE_ONE, count: 2 });
    h.service.vote({ approvalId: a.id, principal: 'console:alice', decision: 'approve' });
    const out = h.service.vote({ approvalId: a.id, principal: 'console:operator', decision: 'reject' });
    expect(out).to.include({ accepted: true, decided: true, message: 'rejected by console:operator' });
    expect(out.approval.status).to.equal('rejected');
    expect(h.audit.filter((e) => e.kind === 'approval.decided').at(-1)?.data).to.include({
      status: 'rejected',
    });
  });

  it('a double click decides once', () => {
    const a = requestRollback(h);
    const vote = {
      approvalId: a.id,
      principal: 'console:alice',
      decision: 'approve' as const,
      token: h.service.tokenFor(a),
    };
    const outs = [h.service.vote(vote), h.service.vote(vote)];
    expect(outs.map((o) => o.decided)).to.deep.equal([true, false]);
    expect(h.audit.filter((e) => e.kind === 'approval.decided')).to.have.length(1);
  });

  it('two concurrent votes (interleaved between read and decide) decide once', () => {
    const late: { service?: ApprovalService } = {};
    let interleaved: { decided: boolean; accepted: boolean } | undefined;
    // The second vote runs while the first is between reading `pending` and its compare-and-set.
    const c = harness((repo) => ({
      create: (x) => repo.create(x),
      get: (id) => repo.get(id),
      list: (f) => repo.list(f),
      pendingExpiredBy: (t) => repo.pendingExpiredBy(t),
      decide: (id, s, at) => repo.decide(id, s, at),
      addVote(id, vote) {
        const added = repo.addVote(id, vote);
        if (vote.principal === 'console:alice' && interleaved === undefined && late.service) {
          interleaved = late.service.vote({
            approvalId: id,
            principal: 'console:operator',
            decision: 'approve',
          });
        }
        return added;
      },
    }));
    late.service = c.service;
    const a = requestRollback(c);
    const first = c.service.vote({ approvalId: a.id, principal: 'console:alice', decision: 'approve' });
    expect(interleaved?.accepted).to.equal(true);
    expect([first.decided, interleaved?.decided].filter(Boolean)).to.have.length(1);
    expect(c.service.status(a.id)?.status).to.equal('approved');
    expect(c.audit.filter((e) => e.kind === 'approval.decided')).to.have.length(1);
    c.store.close();
  });

  it('expireDue expires only pending approvals past their expiry, once', () => {
    const short = requestRollback(h, { ...SRE_ONE, expiresInSeconds: 60 });
    const long = requestRollback(h);
    h.setNow(new Date(START.getTime() + 60_000));
    const expired = h.service.expireDue();
    expect(expired.map((a) => [a.id, a.status])).to.deep.equal([[short.id, 'expired']]);
    expect(h.service.status(long.id)?.status).to.equal('pending');
    expect(h.service.expireDue()).to.deep.equal([]);
    expect(h.audit.filter((e) => e.kind === 'approval.decided').map((e) => e.subject)).to.deep.equal([
      short.id,
    ]);
  });
});
