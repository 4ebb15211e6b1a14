import { expect } from 'chai';
import { badDeployDrill, formatDrillResult } from '../../src/drills/index.js';
import { policiesWithRule, runDrillForTest } from './drill-helpers.js';

describe('drill bad-deploy', function () {
  this.timeout(60_000);

  it('passes: rollback proposed, held for a person, executed once approved, service on 2.4.0', async () => {
    const r = await runDrillForTest(badDeployDrill);
    expect(r.passed, formatDrillResult(r).join('\n')).to.equal(true);
    expect(r.mode).to.equal('live-sandbox');
    expect(r.checks.map((c) => c.name)).to.include.members([
      'rollback waits for a person',
      'service on its last good version',
    ]);
    expect(formatDrillResult(r)[1]).to.contain('no real system was touched');
  });

  it('fails, naming the check, when the policy refuses the rollback', async () => {
    const p = policiesWithRule(
      "  - id: drill-no-rollback\n    description: made-to-fail drill policy\n    match:\n      tool: '*.rollback'\n    effect: deny\n\n",
    );
    try {
      const r = await runDrillForTest(badDeployDrill, p.dir);
      expect(r.passed).to.equal(false);
      const failed = r.checks.filter((c) => !c.passed).map((c) => c.name);
      expect(failed).to.include('rollback waits for a person');
      expect(failed).to.include('service on its last good version');
      expect(r.checks.find((c) => c.name === 'rollback waits for a person')?.detail).to.contain(
        'drill-no-rollback',
      );
    } finally {
      p.cleanup();
    }
  });
});
