import { expect } from 'chai';
import type {
  Approval,
  AuditEntry,
  NewStep,
  Plan,
  RunOrigin,
  Signal,
  SignalDraft,
  Store,
} from '../../src/core/index.js';

/** A signal draft with sensible defaults; override what the test is about. */
export function draft(overrides: Partial<SignalDraft> = {}): SignalDraft {
  return {
    source: 'alertmanager',
    kind: 'alert',
    status: 'firing',
    severity: 'warning',
    fingerprint: 'fp-1',
    groupKey: 'group-1',
    labels: { alertname: 'HighErrorRate', service: 'checkout-api' },
    annotations: { summary: 'error rate above 5%' },
    summary: 'HighErrorRate on checkout-api',
    startsAt: '2024-05-01T10:00:00.000Z',
    raw: { nested: { value: 1 } },
    ...overrides,
  };
}

const T0 = '2024-05-01T10:00:00.000Z';
const T1 = '2024-05-01T10:01:00.000Z';
const T2 = '2024-05-01T10:02:00.000Z';
const T3 = '2024-05-01T10:03:00.000Z';

const origin: RunOrigin = {
  kind: 'signal',
  principal: 'slack:U1',
  skill: 'operations',
  domain: 'ops',
  incidentId: 'INC-1',
};
const plan: Plan = { goal: 'recover checkout', planner: 'playbook', steps: [] };
const steps: NewStep[] = [
  { tool: 'sandbox.status', input: { service: 'checkout' }, rationale: 'look first', digest: 'd0' },
  { tool: 'sandbox.rollback', input: { service: 'checkout' }, rationale: 'bad deploy', digest: 'd1' },
  { tool: 'sandbox.scale', input: { replicas: 3 }, rationale: 'headroom', digest: 'd2' },
];

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'apr-1',
    runId: 'run-1',
    stepId: 'step-1',
    digest: 'digest-1',
    requester: 'slack:U1',
    requirements: {
      count: 2,
      roles: ['sre'],
      distinctFromRequester: true,
      expiresInSeconds: 900,
      secondFactor: 'none',
    },
    status: 'pending',
    createdAt: T0,
    expiresAt: T2,
    decidedAt: null,
    votes: [],
    ...overrides,
  };
}

function auditEntry(seq: number, prevHash: string, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: T0,
    kind: 'system',
    actor: 'watchkeeper',
    data: { n: seq },
    prevHash,
    hash: `h${seq}`,
    signature: `s${seq}`,
    ...extra,
  };
}

/**
 * The promises every Store implementation keeps, run against a fresh store per test. The
 * orchestrator's exactly-once guarantees, the approval rules and the ledger all rest on these.
 */
export function runStoreContract(name: string, factory: () => Store): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(() => {
      store = factory();
    });
    afterEach(() => store.close());

    describe('inbox', () => {
      it('stores drafts with ids and reception time, and reads them back unchanged', () => {
        const [a, b] = store.inbox.addAll([draft(), draft({ fingerprint: 'fp-2' })], T1);
        expect(a?.id).to.be.a('string').and.not.equal(b?.id);
        expect(store.inbox.get(a!.id)).to.deep.equal({ ...draft(), id: a!.id, receivedAt: T1 });
        expect(store.inbox.count()).to.equal(2);
        expect(store.inbox.get('nope')).to.equal(undefined);
      });

      it('lists unprocessed signals oldest first until they are marked processed', () => {
        const stored = store.inbox.addAll([draft({ fingerprint: 'a' }), draft({ fingerprint: 'b' })], T1);
        const later = store.inbox.addAll([draft({ fingerprint: 'c' })], T2);
        expect(store.inbox.unprocessed(10).map((s) => s.fingerprint)).to.deep.equal(['a', 'b', 'c']);
        store.inbox.markProcessed(stored[0]!.id, null);
        store.inbox.markProcessed(later[0]!.id, 'INC-1');
        expect(store.inbox.unprocessed(10).map((s) => s.fingerprint)).to.deep.equal(['b']);
        expect(store.inbox.unprocessed(0)).to.deep.equal([]);
      });

      it('stores all drafts or none when one of them is invalid', () => {
        const bad = { ...draft(), fingerprint: null } as unknown as SignalDraft;
        expect(() => store.inbox.addAll([draft(), draft(), bad], T1)).to.throw();
        expect(store.inbox.count()).to.equal(0);
      });

      it('accepts thousands of drafts in one call quickly', () => {
        const many = Array.from({ length: 5000 }, (_, i) => draft({ fingerprint: `fp-${i}` }));
        const started = process.hrtime.bigint();
        expect(store.inbox.addAll(many, T1)).to.have.length(5000);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        expect(store.inbox.count()).to.equal(5000);
        expect(ms).to.be.below(3000);
      });
    });

    describe('incidents', () => {
      function signal(overrides: Partial<SignalDraft> = {}, at = T1): Signal {
        return store.inbox.addAll([draft(overrides)], at)[0]!;
      }
      const newIncident = (groupKey = 'group-1') =>
        store.incidents.create({
          groupKey,
          title: 'HighErrorRate',
          skill: 'operations',
          severity: 'warning',
          labels: { service: 'checkout-api' },
          at: T0,
        });

      it('gives short sequential ids that operators can type, in any case', () => {
        const a = newIncident('g1');
        const b = newIncident('g2');
        expect([a.id, b.id]).to.deep.equal(['INC-1', 'INC-2']);
        expect(a).to.include({
          status: 'open',
          signalCount: 0,
          openedAt: T0,
          resolvedAt: null,
          skill: 'operations',
        });
        expect(store.incidents.get('inc-2')?.id).to.equal('INC-2');
      });

      it('finds the open incident of a group, and none once it is resolved', () => {
        const inc = newIncident();
        expect(store.incidents.findOpen('group-1')?.id).to.equal(inc.id);
        store.incidents.setStatus(inc.id, 'mitigated', T1);
        expect(store.incidents.findOpen('group-1')?.id).to.equal(inc.id);
        const resolved = store.incidents.setStatus(inc.id, 'resolved', T2);
        expect(resolved).to.include({ status: 'resolved', resolvedAt: T2, updatedAt: T2 });
        expect(store.incidents.findOpen('group-1')).to.equal(undefined);
        expect(store.incidents.setStatus(inc.id, 'open', T3).resolvedAt).to.equal(null);
      });

      it('counts signals, raises severity but never lowers it, and keeps arrival order', () => {
        const inc = newIncident();
        const s1 = signal({ severity: 'critical', summary: 'first' });
        const s2 = signal({ severity: 'info', summary: 'second', fingerprint: 'fp-2' }, T2);
        store.incidents.attachSignal(inc.id, s1);
        const after = store.incidents.attachSignal(inc.id, s2);
        expect(after).to.include({ severity: 'critical', signalCount: 2, updatedAt: T2 });
        expect(store.incidents.signals(inc.id).map((s) => s.summary)).to.deep.equal(['first', 'second']);
      });

      it('counts the same signal once when it is attached twice', () => {
        const inc = newIncident();
        const s = signal();
        store.incidents.attachSignal(inc.id, s);
        expect(store.incidents.attachSignal(inc.id, s).signalCount).to.equal(1);
      });

      it('tracks firing alerts by fingerprint with their last status', () => {
        const inc = newIncident();
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'a' }));
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'a' }));
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'b' }));
        expect(store.incidents.firingCount(inc.id)).to.equal(2);
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'a', status: 'resolved' }));
        expect(store.incidents.firingCount(inc.id)).to.equal(1);
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'b', status: 'resolved' }));
        expect(store.incidents.firingCount(inc.id)).to.equal(0);
        store.incidents.attachSignal(inc.id, signal({ fingerprint: 'a' }));
        expect(store.incidents.firingCount(inc.id)).to.equal(1);
      });

      it('lists newest first, optionally by status, and refuses unknown incidents with NOT_FOUND', () => {
        const a = newIncident('g1');
        const b = newIncident('g2');
        store.incidents.setStatus(a.id, 'resolved', T1);
        expect(store.incidents.list({ limit: 10 }).map((i) => i.id)).to.deep.equal([b.id, a.id]);
        expect(store.incidents.list({ status: 'open', limit: 10 }).map((i) => i.id)).to.deep.equal([b.id]);
        expect(store.incidents.list({ limit: 1 })).to.have.length(1);
        expect(() => store.incidents.attachSignal('INC-99', signal()))
          .to.throw()
          .with.property('code', 'NOT_FOUND');
      });
    });

    describe('runs', () => {
      const newRun = (o: RunOrigin = origin) => store.runs.create({ origin: o, plan, steps, at: T0 });

      it('creates a run with its steps in order, all proposed', () => {
        const run = newRun();
        expect(run).to.include({ status: 'active', createdAt: T0 });
        expect(run.origin).to.deep.equal(origin);
        expect(run.steps.map((s) => [s.index, s.tool, s.state])).to.deep.equal([
          [0, 'sandbox.status', 'proposed'],
          [1, 'sandbox.rollback', 'proposed'],
          [2, 'sandbox.scale', 'proposed'],
        ]);
        expect(store.runs.get(run.id)).to.deep.equal(run);
        expect(store.runs.getStep(run.steps[1]!.id)).to.deep.equal(run.steps[1]);
      });

      it('moves a step exactly once: a second caller with the same expectation loses', () => {
        const step = newRun().steps[1]!;
        expect(store.runs.transitionStep(step.id, ['proposed'], 'approved', {}, T1)).to.equal(true);
        const wins = [1, 2, 3].map(() =>
          store.runs.transitionStep(step.id, ['approved'], 'running', { attempts: 1 }, T2),
        );
        expect(wins).to.deep.equal([true, false, false]);
        expect(store.runs.transitionStep('missing', ['approved'], 'running', {}, T2)).to.equal(false);
      });

      it('applies the patch with the transition and keeps fields the patch leaves out', () => {
        const step = newRun().steps[0]!;
        const decision = {
          effect: 'allow',
          rule: 'default#read',
          reason: 'read only',
          risk: 'low',
          autonomy: 'supervised',
        } as const;
        store.runs.transitionStep(
          step.id,
          ['proposed'],
          'approved',
          { risk: 'low', decision, approvalId: 'apr-9' },
          T1,
        );
        store.runs.transitionStep(
          step.id,
          ['approved'],
          'succeeded',
          { result: { ok: true, summary: 'fine' }, attempts: 2 },
          T2,
        );
        expect(store.runs.getStep(step.id)).to.deep.include({
          state: 'succeeded',
          risk: 'low',
          decision,
          approvalId: 'apr-9',
          result: { ok: true, summary: 'fine' },
          attempts: 2,
          updatedAt: T2,
        });
        expect(store.runs.transitionStep(step.id, ['approved'], 'failed', { error: 'x' }, T3)).to.equal(
          false,
        );
        expect(store.runs.getStep(step.id)?.error).to.equal(null);
      });

      it('turns every running step into unknown at start-up and returns them', () => {
        const run = newRun();
        for (const s of run.steps.slice(0, 2))
          store.runs.transitionStep(s.id, ['proposed'], 'running', {}, T1);
        const recovered = store.runs.markRunningUnknown(T2);
        expect(recovered.map((s) => s.id)).to.have.members(run.steps.slice(0, 2).map((s) => s.id));
        expect(recovered.every((s) => s.state === 'unknown')).to.equal(true);
        expect(store.runs.get(run.id)?.steps.map((s) => s.state)).to.deep.equal([
          'unknown',
          'unknown',
          'proposed',
        ]);
        expect(store.runs.markRunningUnknown(T3)).to.deep.equal([]);
      });

      it('lists unfinished runs and runs by incident', () => {
        const a = newRun();
        const b = newRun({ ...origin, incidentId: 'INC-2' });
        store.runs.setStatus(a.id, 'succeeded', T1);
        store.runs.setStatus(b.id, 'waiting', T1);
        expect(store.runs.listUnfinished().map((r) => r.id)).to.deep.equal([b.id]);
        expect(store.runs.listByIncident('INC-2').map((r) => r.id)).to.deep.equal([b.id]);
        expect(store.runs.listByIncident('inc-2').map((r) => r.id)).to.deep.equal([b.id]);
        expect(store.runs.get(a.id)).to.include({ status: 'succeeded', updatedAt: T1 });
      });

      it('counts steps started since a time, by requester and by tool', () => {
        const mine = newRun();
        const theirs = newRun({ ...origin, principal: 'slack:U2' });
        store.runs.transitionStep(mine.steps[0]!.id, ['proposed'], 'running', {}, T1);
        store.runs.transitionStep(mine.steps[1]!.id, ['proposed'], 'running', {}, T2);
        store.runs.transitionStep(theirs.steps[1]!.id, ['proposed'], 'running', {}, T2);
        store.runs.transitionStep(theirs.steps[2]!.id, ['proposed'], 'approved', {}, T2);
        store.runs.transitionStep(mine.steps[0]!.id, ['running'], 'succeeded', {}, T3);
        expect(store.runs.countStarted({ since: T0 })).to.equal(3);
        expect(store.runs.countStarted({ since: T2 })).to.equal(2);
        expect(store.runs.countStarted({ since: T0, principal: 'slack:U1' })).to.equal(2);
        expect(store.runs.countStarted({ since: T0, tool: 'sandbox.rollback' })).to.equal(2);
        expect(
          store.runs.countStarted({ since: T0, principal: 'slack:U2', tool: 'sandbox.status' }),
        ).to.equal(0);
      });
    });

    describe('approvals', () => {
      it('stores and reads an approval', () => {
        store.approvals.create(approval());
        expect(store.approvals.get('apr-1')).to.deep.equal(approval());
        expect(store.approvals.get('apr-x')).to.equal(undefined);
      });

      it('takes one accepted vote per principal; refused votes are kept and never block', () => {
        store.approvals.create(approval());
        expect(
          store.approvals.addVote('apr-1', {
            principal: 'slack:U2',
            decision: 'approve',
            accepted: false,
            reason: 'APPROVAL_NOT_ALLOWED',
            at: T1,
          }),
        ).to.equal(true);
        expect(
          store.approvals.addVote('apr-1', {
            principal: 'slack:U2',
            decision: 'approve',
            accepted: true,
            at: T2,
          }),
        ).to.equal(true);
        expect(
          store.approvals.addVote('apr-1', {
            principal: 'slack:U2',
            decision: 'approve',
            accepted: true,
            at: T3,
          }),
        ).to.equal(false);
        expect(
          store.approvals.addVote('apr-1', {
            principal: 'slack:U3',
            decision: 'reject',
            accepted: true,
            at: T3,
          }),
        ).to.equal(true);
        const votes = store.approvals.get('apr-1')!.votes;
        expect(votes.map((v) => [v.principal, v.accepted, v.at])).to.deep.equal([
          ['slack:U2', false, T1],
          ['slack:U2', true, T2],
          ['slack:U3', true, T3],
        ]);
        expect(votes[0]).to.include({ reason: 'APPROVAL_NOT_ALLOWED' });
        expect(votes[1]).to.not.have.property('reason');
      });

      it('refuses a vote on an unknown approval with APPROVAL_NOT_FOUND', () => {
        expect(() =>
          store.approvals.addVote('nope', { principal: 'p', decision: 'approve', accepted: true, at: T1 }),
        )
          .to.throw()
          .with.property('code', 'APPROVAL_NOT_FOUND');
      });

      it('decides once: compare-and-set from pending', () => {
        store.approvals.create(approval());
        expect(store.approvals.decide('apr-1', 'approved', T1)).to.equal(true);
        expect(store.approvals.decide('apr-1', 'rejected', T2)).to.equal(false);
        expect(store.approvals.get('apr-1')).to.include({ status: 'approved', decidedAt: T1 });
        expect(store.approvals.decide('nope', 'approved', T1)).to.equal(false);
      });

      it('lists by status and finds pending approvals past their expiry', () => {
        store.approvals.create(approval({ id: 'a', expiresAt: T1, createdAt: T0 }));
        store.approvals.create(approval({ id: 'b', expiresAt: T3, createdAt: T1 }));
        store.approvals.create(approval({ id: 'c', expiresAt: T1, createdAt: T2 }));
        store.approvals.decide('c', 'approved', T1);
        expect(store.approvals.pendingExpiredBy(T2).map((a) => a.id)).to.deep.equal(['a']);
        expect(store.approvals.pendingExpiredBy(T3).map((a) => a.id)).to.deep.equal(['a', 'b']);
        expect(store.approvals.list({ status: 'pending', limit: 10 }).map((a) => a.id)).to.have.members([
          'a',
          'b',
        ]);
        expect(store.approvals.list({ limit: 10 })).to.have.length(3);
      });
    });

    describe('audit rows', () => {
      it('appends, reads the head, pages and iterates in sequence order', () => {
        expect(store.audit.last()).to.equal(undefined);
        let prev = '0'.repeat(64);
        for (let seq = 1; seq <= 5; seq++) {
          store.audit.insert(auditEntry(seq, prev, seq === 2 ? { incidentId: 'INC-1', subject: 'x' } : {}));
          prev = `h${seq}`;
        }
        expect(store.audit.last()).to.deep.equal(auditEntry(5, 'h4'));
        expect(store.audit.after(2, 2).map((e) => e.seq)).to.deep.equal([3, 4]);
        expect([...store.audit.iterate()].map((e) => e.seq)).to.deep.equal([1, 2, 3, 4, 5]);
        expect(store.audit.forIncident('inc-1').map((e) => e.seq)).to.deep.equal([2]);
        expect(store.audit.forIncident('INC-1')).to.deep.equal([
          auditEntry(2, 'h1', { incidentId: 'INC-1', subject: 'x' }),
        ]);
      });

      it('includes entries of runs started for the incident', () => {
        const run = store.runs.create({ origin: { ...origin, incidentId: 'INC-7' }, plan, steps, at: T0 });
        store.audit.insert(auditEntry(1, '0'.repeat(64), { runId: run.id }));
        store.audit.insert(auditEntry(2, 'h1', { runId: 'other' }));
        expect(store.audit.forIncident('INC-7').map((e) => e.seq)).to.deep.equal([1]);
      });

      it('refuses an entry that does not extend the chain', () => {
        store.audit.insert(auditEntry(1, '0'.repeat(64)));
        expect(() => store.audit.insert(auditEntry(3, 'h1')))
          .to.throw()
          .with.property('code', 'STORE_FAILED');
        expect(() => store.audit.insert(auditEntry(2, 'wrong')))
          .to.throw()
          .with.property('code', 'STORE_FAILED');
        expect(() => store.audit.insert(auditEntry(1, '0'.repeat(64))))
          .to.throw()
          .with.property('code', 'STORE_FAILED');
        expect(store.audit.last()?.seq).to.equal(1);
      });
    });

    describe('memory', () => {
      it('finds the most similar entry first', () => {
        store.memory.add({ kind: 'incident', text: 'disk full on db-1, cleaned old logs', at: T0 });
        const best = store.memory.add({
          kind: 'incident',
          text: 'checkout-api error rate spiked after deploy, rolled back',
          incidentId: 'INC-4',
          at: T0,
        });
        store.memory.add({ kind: 'incident', text: 'checkout latency high during sale', at: T0 });
        const hits = store.memory.search('error rate on checkout-api after a deploy', 3);
        expect(hits[0]).to.deep.include({ id: best, kind: 'incident', incidentId: 'INC-4' });
        expect(hits[0]!.score).to.be.greaterThan(hits[1]?.score ?? -Infinity);
        expect(store.memory.search('error rate', 1)).to.have.length(1);
        expect(store.memory.search('kubernetes', 5)).to.deep.equal([]);
      });

      it('never throws on query text with quotes or FTS operators', () => {
        store.memory.add({ kind: 'note', text: 'payments "gateway" timeout', at: T0 });
        for (const q of [
          '"',
          'payments"',
          'NEAR(a b)',
          'a AND OR NOT',
          '*',
          'text:gateway',
          '(((',
          '-x',
          '^',
          '',
          '   ',
          '🙂',
          "it's",
        ]) {
          expect(() => store.memory.search(q, 5), q).to.not.throw();
        }
        expect(store.memory.search('"gateway" OR (', 5)).to.have.length(1);
      });

      it('keeps a scratchpad per conversation key', () => {
        store.memory.scratchSet('slack:C1:', 'topic', 'db', T0);
        store.memory.scratchSet('slack:C1:', 'topic', 'cache', T1);
        expect(store.memory.scratchGet('slack:C1:', 'topic')).to.equal('cache');
        expect(store.memory.scratchGet('slack:C2:', 'topic')).to.equal(undefined);
        store.memory.scratchSet('slack:C1:', 'owner', 'ana', T0);
        expect(store.memory.scratchList('slack:C1:')).to.deep.equal({ topic: 'cache', owner: 'ana' });
        expect(store.memory.scratchList('slack:C2:')).to.deep.equal({});
      });
    });

    describe('subscriptions, message links, identities, kv', () => {
      it('subscribes channels and unsubscribes a whole channel', () => {
        const c1 = { platform: 'slack', channel: 'C1' };
        const s = store.subscriptions.add({
          conversation: { ...c1, thread: 't1' },
          filter: 'severity>=warning',
          createdBy: 'slack:U1',
          at: T0,
        });
        store.subscriptions.add({
          conversation: c1,
          filter: 'service=checkout',
          createdBy: 'slack:U1',
          at: T1,
        });
        store.subscriptions.add({
          conversation: { platform: 'matrix', channel: 'C1' },
          filter: '',
          createdBy: 'matrix:@a:b',
          at: T1,
        });
        expect(store.subscriptions.forChannel('slack', 'C1').map((x) => x.filter)).to.deep.equal([
          'severity>=warning',
          'service=checkout',
        ]);
        expect(store.subscriptions.list()[0]).to.deep.equal(s);
        expect(store.subscriptions.remove(c1)).to.equal(2);
        expect(store.subscriptions.list()).to.have.length(1);
      });

      it('links messages to a key once each', () => {
        const ref = {
          platform: 'slack',
          conversation: { platform: 'slack', channel: 'C1', thread: '1.2' },
          id: '1.3',
        };
        store.messageLinks.link('incident:INC-1', ref);
        store.messageLinks.link('incident:INC-1', ref);
        store.messageLinks.link('incident:INC-1', {
          ...ref,
          id: '1.4',
          conversation: { platform: 'slack', channel: 'C2' },
        });
        expect(store.messageLinks.find('incident:INC-1')).to.deep.equal([
          ref,
          { ...ref, id: '1.4', conversation: { platform: 'slack', channel: 'C2' } },
        ]);
        expect(store.messageLinks.find('incident:INC-2')).to.deep.equal([]);
      });

      it('remembers the latest display name and plain key-values', () => {
        store.identities.seen('slack:U1', 'ana', T0);
        store.identities.seen('slack:U1', 'Ana P.', T1);
        expect(store.identities.displayName('slack:U1')).to.equal('Ana P.');
        expect(store.identities.displayName('slack:U9')).to.equal(undefined);
        store.kv.set('k', 'v1');
        store.kv.set('k', 'v2');
        expect(store.kv.get('k')).to.equal('v2');
        expect(store.kv.get('missing')).to.equal(undefined);
      });
    });

    describe('sandbox state', () => {
      it('stores documents by kind and id', () => {
        expect(store.sandbox.isEmpty()).to.equal(true);
        store.sandbox.put('service', 'b', { replicas: 2 });
        store.sandbox.put('service', 'a', { replicas: 1 });
        store.sandbox.put('service', 'a', { replicas: 4 });
        expect(store.sandbox.isEmpty()).to.equal(false);
        expect(store.sandbox.get('service', 'a')).to.deep.equal({ replicas: 4 });
        expect(store.sandbox.get('host', 'a')).to.equal(undefined);
        expect(store.sandbox.list('service')).to.have.deep.members([{ replicas: 4 }, { replicas: 2 }]);
      });

      it('runs an idempotent change once per key and returns the first result after', () => {
        let calls = 0;
        const apply = () => {
          calls++;
          const svc = store.sandbox.get<{ replicas: number }>('service', 'a') ?? { replicas: 0 };
          store.sandbox.put('service', 'a', { replicas: svc.replicas + 1 });
          return { ok: true, replicas: svc.replicas + 1 };
        };
        expect(store.sandbox.once('key-1', apply)).to.deep.equal({ ok: true, replicas: 1 });
        expect(store.sandbox.once('key-1', apply)).to.deep.equal({ ok: true, replicas: 1 });
        expect(calls).to.equal(1);
        expect(store.sandbox.get('service', 'a')).to.deep.equal({ replicas: 1 });
        expect(store.sandbox.once('key-2', apply)).to.deep.equal({ ok: true, replicas: 2 });
      });

      it('keeps nothing from a change that throws, so a retry runs it', () => {
        const failing = () => {
          store.sandbox.put('service', 'a', { replicas: 9 });
          throw new Error('boom');
        };
        expect(() => store.sandbox.once('key-1', failing)).to.throw('boom');
        expect(store.sandbox.get('service', 'a')).to.equal(undefined);
        expect(store.sandbox.once('key-1', () => 'second')).to.equal('second');
      });
    });

    describe('transaction', () => {
      it('commits together or rolls back together', () => {
        store.transaction(() => {
          store.kv.set('a', '1');
          store.kv.set('b', '2');
        });
        expect(() =>
          store.transaction(() => {
            store.kv.set('a', 'changed');
            store.inbox.addAll([draft()], T1);
            throw new Error('abort');
          }),
        ).to.throw('abort');
        expect(store.kv.get('a')).to.equal('1');
        expect(store.inbox.count()).to.equal(0);
        expect(store.transaction(() => 42)).to.equal(42);
      });
    });
  });
}
