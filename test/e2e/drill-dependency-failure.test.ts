import { expect } from 'chai';
import { dependencyFailureDrill, formatDrillResult } from '../../src/drills/index.js';
import { runDrillObserved } from './drill-helpers.js';

const CASCADE = ['cart', 'checkout-api', 'frontend'];

describe('drill dependency-failure', function () {
  this.timeout(60_000);

  it('its verdict is PASS exactly when the cascade folded into one incident on inventory', async () => {
    const { result, facts } = await runDrillObserved(dependencyFailureDrill);
    const lines = formatDrillResult(result).join('\n');
    const root = facts.incidents.find((i) => i.service === 'inventory');
    expect(root, 'the database alert opens an incident on inventory').to.not.equal(undefined);
    const folded =
      facts.incidents.length === 1 && CASCADE.every((s) => root!.signals.includes(s)) && root!.messages === 1;
    expect(result.passed, lines).to.equal(folded);
    // The intake folds alerts of services whose dependency already has an incident into it.
    expect(folded, lines).to.equal(true);
    const oneIncident = result.checks.find((c) => c.name === 'one incident');
    expect(oneIncident?.passed).to.equal(facts.incidents.length === 1);
    expect(oneIncident?.detail).to.contain(`${facts.incidents.length} incidents opened`);
  });
});
