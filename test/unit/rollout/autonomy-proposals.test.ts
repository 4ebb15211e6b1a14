import { expect } from 'chai';
import type { AutonomyMode, Store } from '../../../src/core/index.js';
import { autonomyProposals } from '../../../src/rollout/index.js';
import { memoryStore, seedIncident, seedStep, SetClock } from './history-fixture.js';

describe('rollout: promotion proposals from seeded history', () => {
  let clock: SetClock;
  let store: Store;
  const modes: Record<string, AutonomyMode> = {};
  const modeOf = (domain: string, tool: string): AutonomyMode => modes[`${domain}.${tool}`] ?? 'suggest';
  const thresholds = { minSamples: 20, minAgreement: 0.9, windowDays: 30 };
  const since = (): string => new Date(clock.t - 30 * 86_400_000).toISOString();

  beforeEach(() => {
    clock = new SetClock();
    store = memoryStore(clock);
  });
  afterEach(() => store.close());

  function suggestions(tool: string, accepted: number, rejected: number): void {
    for (let i = 0; i < accepted; i++)
      seedStep(store, clock, { tool, effect: 'approve', autonomy: 'suggest', state: 'succeeded' });
    for (let i = 0; i < rejected; i++)
      seedStep(store, clock, { tool, effect: 'approve', autonomy: 'suggest', state: 'rejected' });
  }

  it('"40 suggestions, 38 accepted unchanged, 0 rolled back" proposes the next mode, with the command to do it', () => {
    suggestions('sandbox.scale', 38, 2);
    const [p, ...rest] = autonomyProposals(store.autonomy.history(since()), modeOf, thresholds);
    expect(rest).to.deep.equal([]);
    expect(p).to.include({
      key: 'operations.scale',
      from: 'suggest',
      to: 'supervised',
      samples: 40,
      agreed: 38,
      rolledBack: 0,
    });
    expect(p!.text).to.equal(
      'operations.scale: 40 suggestions, 38 accepted unchanged, 0 rolled back in 30 days — promote to supervised? (/wk autonomy operations.scale supervised)',
    );
  });

  it('proposes nothing with too few samples, too many rejections, or any failure or rollback in the window', () => {
    suggestions('sandbox.scale', 15, 0); // too few
    suggestions('sandbox.restart', 30, 10); // 75 % accepted
    suggestions('sandbox.rollback', 30, 0);
    seedStep(store, clock, {
      tool: 'sandbox.rollback',
      effect: 'approve',
      autonomy: 'suggest',
      state: 'rolled_back',
    });
    suggestions('sandbox.flag', 30, 0);
    seedStep(store, clock, {
      tool: 'sandbox.flag',
      effect: 'allow',
      autonomy: 'supervised',
      state: 'failed',
    });
    expect(autonomyProposals(store.autonomy.history(since()), modeOf, thresholds)).to.deep.equal([]);
  });

  it('only counts the window: old evidence does not promote', () => {
    suggestions('sandbox.scale', 40, 0);
    clock.t += 31 * 86_400_000;
    expect(autonomyProposals(store.autonomy.history(since()), modeOf, thresholds)).to.deep.equal([]);
  });

  it('in shadow, proposes suggest when people then did what Watchkeeper would have done', () => {
    modes['operations.sandbox.rollback'] = 'shadow';
    for (let i = 0; i < 20; i++) {
      const incidentId = seedIncident(store, clock, `g${i}`);
      seedStep(store, clock, {
        tool: 'sandbox.rollback',
        effect: 'dry_run_only',
        autonomy: 'shadow',
        state: 'rejected',
        incidentId,
      });
      if (i < 19)
        seedStep(store, clock, {
          tool: 'sandbox.rollback',
          effect: 'approve',
          autonomy: 'supervised',
          state: 'succeeded',
          kind: 'command',
          principal: 'console:alice',
          incidentId,
        });
    }
    const shadow = autonomyProposals(store.autonomy.history(since()), modeOf, thresholds);
    expect(shadow).to.have.length(1);
    expect(shadow[0]).to.include({
      key: 'operations.rollback',
      from: 'shadow',
      to: 'suggest',
      samples: 20,
      agreed: 19,
    });
    expect(shadow[0]!.text).to.match(
      /^operations\.rollback: 20 shadow plans, 19 matched by what people then did/,
    );
  });

  it('autonomous is the top: nothing to propose', () => {
    modes['operations.sandbox.scale'] = 'autonomous';
    suggestions('sandbox.scale', 40, 0);
    expect(autonomyProposals(store.autonomy.history(since()), modeOf, thresholds)).to.deep.equal([]);
  });
});
