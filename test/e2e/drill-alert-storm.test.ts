import { expect } from 'chai';
import { alertStormDrill, formatDrillResult } from '../../src/drills/index.js';
import { runDrillObserved } from './drill-helpers.js';

describe('drill alert-storm', function () {
  this.timeout(180_000);

  it('10,000 alerts in 20 groups: passes with one message and one plan per group, nothing run', async () => {
    const { result, facts } = await runDrillObserved(alertStormDrill);
    expect(result.passed, formatDrillResult(result).join('\n')).to.equal(true);
    expect(result.mode).to.equal('shadow');
    expect(facts.incidents).to.have.length(20);
    expect(facts.incidents.every((i) => i.messages === 1)).to.equal(true);
    expect(facts.incidents.reduce((n, i) => n + i.signals.length, 0)).to.equal(10_000);
    expect(facts.steps.filter((s) => s.state === 'succeeded')).to.deep.equal([]);
  });
});
