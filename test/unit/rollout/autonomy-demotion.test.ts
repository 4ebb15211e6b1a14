import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createLedger } from '../../../src/audit/index.js';
import type { AutonomyMode, RunObserver, RunRecord, StepRecord, Store } from '../../../src/core/index.js';
import { autonomyFor } from '../../../src/policy/index.js';
import { withAutonomyDemotion } from '../../../src/rollout/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { memoryStore, seedStep, SetClock } from './history-fixture.js';

describe('rollout: automatic demotion after failed or rolled-back actions', () => {
  let clock: SetClock;
  let store: Store;
  let ledger: ReturnType<typeof createLedger>;
  let announced: string[];
  let forwarded: string[];
  let observer: RunObserver;
  const files: Record<string, AutonomyMode> = { operations: 'autonomous' };
  const modeOf = (domain: string, tool: string): AutonomyMode =>
    autonomyFor(files, domain, tool, Object.fromEntries(store.autonomy.list().map((v) => [v.key, v.mode])));

  beforeEach(() => {
    clock = new SetClock();
    store = memoryStore(clock);
    ledger = createLedger({
      repo: store.audit,
      signingKey: generateKeyPairSync('ed25519').privateKey,
      clock,
      redact: (v) => v,
    });
    announced = [];
    forwarded = [];
    const inner: RunObserver = {
      onRunStarted: async () => undefined,
      onStepChanged: async (_run, step) => void forwarded.push(step.state),
      onRunFinished: async () => undefined,
    };
    observer = withAutonomyDemotion(inner, {
      repo: store.autonomy,
      audit: ledger,
      clock,
      logger: silentLogger,
      modeOf,
      threshold: 3,
      windowDays: 30,
      announce: async (_run, text) => void announced.push(text),
    });
  });
  afterEach(() => store.close());

  /** A failure as the orchestrator reports it: the step is stored, then the observer hears of it. */
  async function fail(tool: string, state: 'failed' | 'rolled_back' = 'failed'): Promise<void> {
    seedStep(store, clock, { tool, effect: 'allow', autonomy: modeOf('operations', tool), state });
    const run = {
      id: 'run-x',
      origin: { kind: 'signal', principal: 'watchkeeper', skill: 'operations', domain: 'operations' },
    } as unknown as RunRecord;
    await observer.onStepChanged(run, { tool, state } as StepRecord);
    clock.t += 60_000;
  }

  it('demotes one mode after the threshold, audits and announces it, and counts afresh after the change', async () => {
    await fail('sandbox.scale');
    await fail('sandbox.scale', 'rolled_back');
    expect(store.autonomy.list()).to.deep.equal([]);
    expect(modeOf('operations', 'sandbox.scale')).to.equal('autonomous');

    await fail('sandbox.scale');
    expect(forwarded).to.deep.equal(['failed', 'rolled_back', 'failed']);
    const [override] = store.autonomy.list();
    expect(override).to.include({ key: 'operations.scale', mode: 'supervised', setBy: 'watchkeeper' });
    expect(override!.reason).to.match(/automatic demotion: 3 failed or rolled-back operations\.scale steps/);
    expect(modeOf('operations', 'sandbox.scale')).to.equal('supervised');
    expect(modeOf('operations', 'sandbox.restart'), 'other actions keep their mode').to.equal('autonomous');
    expect(announced).to.have.length(1);
    expect(announced[0]).to.match(/Autonomy of operations\.scale demoted from autonomous to supervised/);
    const audit = ledger.after(0, 10).map((e) => e.data as { event: string; from: string; to: string });
    expect(audit).to.deep.include({
      event: 'autonomy.demoted',
      key: 'operations.scale',
      from: 'autonomous',
      to: 'supervised',
      failures: 3,
      threshold: 3,
      windowDays: 30,
    } as never);
    expect(ledger.verify().ok).to.equal(true);

    // The failures before the demotion do not count again: two more are not enough.
    await fail('sandbox.scale');
    await fail('sandbox.scale');
    expect(modeOf('operations', 'sandbox.scale')).to.equal('supervised');
    await fail('sandbox.scale');
    expect(modeOf('operations', 'sandbox.scale')).to.equal('suggest');
    // Never below suggest: people keep seeing the plans.
    for (let i = 0; i < 3; i++) await fail('sandbox.scale');
    expect(modeOf('operations', 'sandbox.scale')).to.equal('suggest');
  });

  it('successes never demote', async () => {
    for (let i = 0; i < 5; i++) {
      seedStep(store, clock, {
        tool: 'sandbox.scale',
        effect: 'allow',
        autonomy: 'autonomous',
        state: 'succeeded',
      });
      await observer.onStepChanged(
        {
          id: 'r',
          origin: { kind: 'signal', principal: 'watchkeeper', skill: 'operations', domain: 'operations' },
        } as unknown as RunRecord,
        { tool: 'sandbox.scale', state: 'succeeded' } as StepRecord,
      );
    }
    expect(store.autonomy.list()).to.deep.equal([]);
    expect(announced).to.deep.equal([]);
  });
});
