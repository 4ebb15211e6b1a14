import { expect } from 'chai';
import { evalDataPath } from '../../bench/eval/eval-data-dir.js';
import { evaluateIsolatePrecision, proposesIsolation } from '../../bench/eval/isolate-precision.js';
import type { IsolateReport } from '../../bench/eval/isolate-precision.js';

/**
 * Isolate-action precision of the security skill on ../shared/eval-data (bench/eval/security-isolate.ts):
 * the report's shape and floors below the measured numbers, so a playbook or triage regression shows.
 */
describe('bench: isolate-action precision (bench/eval/security-isolate.ts)', function () {
  this.timeout(180_000);
  let report: IsolateReport;

  before(function () {
    const wazuh = evalDataPath('wazuh-ruleset-tests');
    const sigma = evalDataPath('sigma-regression');
    if (wazuh === undefined || sigma === undefined) {
      if (process.env['CI'] !== undefined) throw new Error('../shared/eval-data is missing in CI');
      console.log('      skipped: ../shared/eval-data/{wazuh-ruleset-tests,sigma-regression} is absent');
      this.skip();
    }
    report = evaluateIsolatePrecision(wazuh, sigma);
  });

  it('proposes isolation only on incident-worthy brute force in the Wazuh alerts', () => {
    const alert = report.wazuh.alert.playbookOnSignalAndTriageLabels;
    expect(alert.proposals).to.equal(alert.onPositives + alert.onMiddle + alert.onNegatives);
    expect(alert.onNegatives, 'never on a level ≤ 3 event').to.equal(0);
    expect(alert.precision).to.be.at.least(0.9);
    expect(alert.bruteForcePositivesProposed).to.be.at.least(alert.bruteForcePositives - 1);
    const baseline = report.wazuh.alert.baselineWithoutTriage;
    expect(baseline.proposals, 'without the triage gate more hosts would be isolated').to.be.greaterThan(
      alert.proposals,
    );
    expect(alert.precision).to.be.greaterThan(baseline.precision);
    for (const m of ['alert', 'metadata'] as const)
      for (const v of Object.values(report.wazuh[m])) expect(v.precision).to.be.within(0, 1);
    expect(report.sigma.events).to.be.greaterThan(150);
  });

  it('the playbook choice behind the numbers: T1110 with a host isolates, other techniques do not', () => {
    expect(proposesIsolation({ format: 'wazuh', host: 'h', attack_techniques: 'T1110' })).to.equal(true);
    expect(proposesIsolation({ format: 'wazuh', attack_techniques: 'T1110' })).to.equal(false);
    expect(proposesIsolation({ format: 'wazuh', host: 'h', attack_techniques: 'T1059' })).to.equal(false);
  });
});
