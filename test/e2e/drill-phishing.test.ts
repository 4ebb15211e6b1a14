import { expect } from 'chai';
import { formatDrillResult, phishingDrill } from '../../src/drills/index.js';
import { runDrillObserved } from './drill-helpers.js';

describe('drill phishing', function () {
  this.timeout(60_000);

  it('PASS exactly when an account lock for the victim is proposed and held for approval', async () => {
    const { result, facts } = await runDrillObserved(phishingDrill);
    const lock = facts.steps.find((s) => /\.(disable_account|lock_account|suspend_account)$/.test(s.tool));
    const ok =
      facts.incidents.some((i) => i.skill === 'security') &&
      lock !== undefined &&
      JSON.stringify(lock.input).includes('ana') &&
      lock.state === 'awaiting_approval';
    expect(result.passed, formatDrillResult(result).join('\n')).to.equal(ok);
    // The security skill proposes the lock (playbook security.credential-phishing), so the drill passes.
    expect(ok, 'an account lock for ana is proposed and held').to.equal(true);
    // Whatever the verdict, the lock never ran without people.
    expect(facts.steps.filter((s) => /account/.test(s.tool) && s.state === 'succeeded')).to.deep.equal([]);
  });

  it('fails with "security skill not installed" when the build has no security hook', async () => {
    const { result } = await runDrillObserved(phishingDrill, { hideSources: ['security'] });
    expect(result.passed).to.equal(false);
    expect(result.error).to.contain('security skill not installed');
  });
});
