import { expect } from 'chai';
import { formatDrillResult, ticketFloodDrill } from '../../src/drills/index.js';
import { runDrillObserved } from './drill-helpers.js';

describe('drill ticket-flood', function () {
  this.timeout(120_000);

  it('500 tickets: PASS exactly when duplicates are grouped and chat is not flooded', async () => {
    const { result, facts } = await runDrillObserved(ticketFloodDrill);
    const messages = facts.incidents.reduce((n, i) => n + i.messages, 0);
    const ok =
      facts.incidents.some((i) => i.skill === 'support') && facts.incidents.length <= 10 && messages <= 10;
    expect(result.passed, formatDrillResult(result).join('\n')).to.equal(ok);
    expect(result.checks.find((c) => c.name === 'no chat flood')?.detail).to.contain(
      `${messages} chat messages`,
    );
  });

  it('fails with "support skill not installed" when the build has no tickets hook', async () => {
    const { result } = await runDrillObserved(ticketFloodDrill, { hideSources: ['tickets'] });
    expect(result.passed).to.equal(false);
    expect(result.error).to.contain('support skill not installed');
    expect(formatDrillResult(result).join('\n')).to.match(/FAIL[\s\S]*support skill not installed/);
  });
});
