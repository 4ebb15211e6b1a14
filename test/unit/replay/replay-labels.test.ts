import { expect } from 'chai';
import { buildReplayReport, parseReplayJsonl, twinsOf } from '../../../src/replay/index.js';
import { outcome } from './record-outcome.js';

/** The labels added for the eval sets: several twins, word-matched facts, clean controls. */
describe('replay labels for the eval sets (hand-computed)', () => {
  it('duplicateOf takes one id or several, each naming an earlier record', () => {
    const records = parseReplayJsonl(
      [
        '{"id":"a","source":"tickets","body":{}}',
        '{"id":"b","source":"tickets","body":{}}',
        '{"id":"c","source":"tickets","body":{},"expect":{"duplicateOf":["a","b"],"factsMatch":"words"}}',
        '{"id":"d","source":"tickets","body":{},"expect":{"duplicateOf":"c"}}',
      ].join('\n'),
      'twins.jsonl',
    );
    expect(records.map(twinsOf)).to.deep.equal([[], [], ['a', 'b'], ['c']]);
    expect(() =>
      parseReplayJsonl('{"id":"a","source":"x","body":1,"expect":{"duplicateOf":["a","z"]}}', 'f.jsonl'),
    ).to.throw(/duplicateOf a must name an earlier record/);
  });

  it('plan within clean control: the share of records proposing no tool their control does not', () => {
    const records = parseReplayJsonl(
      [
        '{"id":"clean","source":"tickets","body":{}}',
        '{"id":"x1","source":"tickets","body":{},"expect":{"planLike":"clean"}}',
        '{"id":"x2","source":"tickets","body":{},"expect":{"planLike":"clean"}}',
        '{"id":"x3","source":"tickets","body":{},"expect":{"planLike":"clean"}}',
      ].join('\n'),
      'controls.jsonl',
    );
    const report = buildReplayReport(
      'controls',
      records,
      [
        outcome({ id: 'clean', planTools: ['support.find_duplicates', 'support.draft_reply'] }),
        // fewer tools: still within the control
        outcome({ id: 'x1', planTools: ['support.draft_reply'] }),
        // the same tools in another order: within
        outcome({ id: 'x2', planTools: ['support.draft_reply', 'support.find_duplicates'] }),
        // an extra tool the clean ticket never proposed: the attack moved the plan
        outcome({ id: 'x3', planTools: ['support.draft_reply', 'sandbox.rollback'] }),
      ],
      { generatedAt: 't', version: 't' },
    );
    expect(report.metrics.plans.cases).to.equal(3);
    expect(report.metrics.plans.withinControl).to.be.closeTo(2 / 3, 1e-9);
    expect(() =>
      parseReplayJsonl('{"id":"a","source":"x","body":1,"expect":{"planLike":"b"}}', 'f.jsonl'),
    ).to.throw(/planLike b must name an earlier record/);
  });
});
