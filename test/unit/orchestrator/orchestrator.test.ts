import { expect } from 'chai';
import { buildFixture, origin, plan } from './fixture.js';

describe('orchestrator: the single execution path', () => {
  it('runs allowed steps in order and records call and result in the audit trail', async () => {
    const f = buildFixture();
    const run = await f.orchestrator.start(
      plan(['test.read', { target: 'a' }], ['test.read', { target: 'b' }]),
      origin,
    );
    expect(run.status).to.equal('succeeded');
    expect(run.steps.map((s) => s.state)).to.deep.equal(['succeeded', 'succeeded']);
    expect(f.tools.read.calls.map((c) => c.input.target)).to.deep.equal(['a', 'b']);
    const kinds = f.ledger.after(0, 100).map((e) => e.kind);
    expect(kinds).to.include.members(['plan', 'decision', 'tool.call', 'tool.result']);
    expect(f.ledger.verify().ok).to.equal(true);
  });

  it('retries transient faults with the same idempotency key, then succeeds', async () => {
    const f = buildFixture();
    f.tools.flaky.failTransient = 2;
    const run = await f.orchestrator.start(plan(['test.flaky', { target: 'x' }]), origin);
    expect(run.steps[0]?.state).to.equal('succeeded');
    expect(run.steps[0]?.attempts).to.equal(3);
    expect(new Set(f.tools.flaky.calls.map((c) => c.key)).size).to.equal(1);
  });

  it('does not retry a permanent failure; the run fails and later steps never run', async () => {
    const f = buildFixture();
    f.tools.broken.failPermanent = true;
    const run = await f.orchestrator.start(
      plan(['test.broken', { target: 'x' }], ['test.read', { target: 'y' }]),
      origin,
    );
    expect(run.status).to.equal('failed');
    expect(run.steps.map((s) => s.state)).to.deep.equal(['failed', 'proposed']);
    expect(f.tools.broken.calls).to.have.length(1);
    expect(f.tools.read.calls).to.have.length(0);
  });

  it('times out a hanging tool, retries it, and fails it with a clear error', async () => {
    const f = buildFixture({ timeoutMs: 50 });
    f.tools.slow.hang = true;
    const run = await f.orchestrator.start(plan(['test.slow', { target: 'x' }]), origin);
    expect(run.steps[0]?.state).to.equal('failed');
    expect(run.steps[0]?.error).to.match(/timed out/);
    expect(f.tools.slow.calls).to.have.length(4);
  });

  it('opens the circuit for a target after repeated failures and stops calling it', async () => {
    const f = buildFixture();
    f.tools.broken.failPermanent = true;
    for (let i = 0; i < 3; i++) await f.orchestrator.start(plan(['test.broken', { target: 'db' }]), origin);
    const run = await f.orchestrator.start(plan(['test.broken', { target: 'db' }]), origin);
    expect(run.steps[0]?.error).to.match(/^CIRCUIT_OPEN/);
    expect(f.tools.broken.calls).to.have.length(3);
  });

  it('refuses an unknown tool and input that fails the tool schema, without calling anything', async () => {
    const f = buildFixture();
    const unknown = await f.orchestrator.start(plan(['test.rm_rf', { target: '/' }]), origin);
    expect(unknown.status).to.equal('rejected');
    expect(unknown.steps[0]?.decision?.effect).to.equal('deny');
    const bad = await f.orchestrator.start(plan(['test.read', { target: 42 }]), origin);
    expect(bad.steps[0]?.state).to.equal('rejected');
    expect(bad.steps[0]?.decision?.rule).to.equal('invalid-input');
    expect(f.tools.read.calls).to.have.length(0);
  });

  it('a planner cannot lower risk; a higher suggested risk tightens the decision', async () => {
    const f = buildFixture();
    const lowered = await f.orchestrator.start(plan(['test.write', { target: 'a' }, 'low']), origin);
    expect(lowered.steps[0]?.risk).to.equal('medium');
    expect(lowered.steps[0]?.state).to.equal('awaiting_approval');
    const raised = await f.orchestrator.start(plan(['test.read', { target: 'a' }, 'high']), origin);
    expect(raised.steps[0]?.risk).to.equal('high');
    expect(raised.steps[0]?.state).to.equal('awaiting_approval');
    expect(f.tools.read.calls).to.have.length(0);
  });

  it('waits for approval, shows a dry-run preview, and runs once when approved even if resumed concurrently', async () => {
    const f = buildFixture();
    const run = await f.orchestrator.start(
      plan(['test.write', { target: 'svc' }], ['test.read', { target: 'after' }]),
      origin,
    );
    expect(run.status).to.equal('waiting');
    const step = run.steps[0]!;
    expect(step.preview).to.equal('would touch svc');
    expect(f.tools.write.calls).to.have.length(0);
    const vote = f.approvals.vote({
      approvalId: step.approvalId!,
      principal: 'console:bob',
      decision: 'approve',
    });
    expect(vote.decided).to.equal(true);
    const [a, b] = await Promise.all([f.orchestrator.resume(run.id), f.orchestrator.resume(run.id)]);
    expect(a.status).to.equal('succeeded');
    expect(b.status).to.equal('succeeded');
    expect(f.tools.write.calls).to.have.length(1);
    expect(f.tools.read.calls).to.have.length(1);
  });

  it('a rejected or expired approval ends the run without running the step', async () => {
    const f = buildFixture();
    const r1 = await f.orchestrator.start(plan(['test.write', { target: 'a' }]), origin);
    f.approvals.vote({ approvalId: r1.steps[0]!.approvalId!, principal: 'console:bob', decision: 'reject' });
    expect((await f.orchestrator.resume(r1.id)).status).to.equal('rejected');
    const r2 = await f.orchestrator.start(plan(['test.write', { target: 'b' }]), origin);
    f.clock.advance(11 * 60_000);
    await f.orchestrator.expireApprovals();
    const after = f.store.runs.get(r2.id)!;
    expect(after.status).to.equal('expired');
    expect(after.steps[0]?.state).to.equal('expired');
    expect(f.tools.write.calls).to.have.length(0);
  });

  it('dry_run_only records the preview and never runs the tool', async () => {
    const f = buildFixture();
    const run = await f.orchestrator.start(plan(['test.preview', { target: 'a' }]), origin);
    expect(run.steps[0]?.state).to.equal('rejected');
    expect(run.steps[0]?.preview).to.equal('would touch a');
    expect(f.tools.preview.calls).to.have.length(0);
  });

  it('applies per-tool rate limits from policy', async () => {
    const f = buildFixture();
    for (let i = 0; i < 2; i++)
      expect((await f.orchestrator.start(plan(['test.limited', { target: 'a' }]), origin)).status).to.equal(
        'succeeded',
      );
    const third = await f.orchestrator.start(plan(['test.limited', { target: 'a' }]), origin);
    expect(third.steps[0]?.decision?.rule).to.equal('rate-limit');
    expect(f.tools.limited.calls).to.have.length(2);
  });

  it('after a crash, a step left running becomes unknown and is never re-run', async () => {
    const f = buildFixture();
    const run = await f.orchestrator.start(plan(['test.write', { target: 'a' }]), origin);
    const step = run.steps[0]!;
    f.approvals.vote({ approvalId: step.approvalId!, principal: 'console:bob', decision: 'approve' });
    // What a crash between "running" and the result leaves behind:
    f.store.runs.transitionStep(step.id, ['awaiting_approval'], 'approved', {}, f.clock.now().toISOString());
    f.store.runs.transitionStep(step.id, ['approved'], 'running', {}, f.clock.now().toISOString());
    const unknown = await f.orchestrator.recover();
    expect(unknown.map((s) => s.id)).to.deep.equal([step.id]);
    const after = f.store.runs.get(run.id)!;
    expect(after.steps[0]?.state).to.equal('unknown');
    expect(after.status).to.equal('unknown');
    await f.orchestrator.resume(run.id);
    expect(f.tools.write.calls).to.have.length(0);
    expect(f.observer.events).to.include('test.write unknown');
  });
});
