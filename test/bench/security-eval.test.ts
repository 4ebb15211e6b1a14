import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { evalDataPath } from '../../bench/eval/eval-data-dir.js';
import { evaluateSecurity, type SecurityEvalReport } from '../../bench/eval/security-report.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The security evaluation on ../shared/eval-data (Wazuh ruleset tests, Sigma regression events): the report's
 * shape, and sanity floors well below the measured numbers so a regression in the parser or triage shows.
 */
describe('bench: security triage evaluation (bench/eval/security.ts)', function () {
  this.timeout(180_000);
  let report: SecurityEvalReport;

  before(function () {
    const wazuh = evalDataPath('wazuh-ruleset-tests');
    const sigma = evalDataPath('sigma-regression');
    if (wazuh === undefined || sigma === undefined) {
      if (process.env['CI'] !== undefined) throw new Error('../shared/eval-data is missing in CI');
      console.log('      skipped: ../shared/eval-data/{wazuh-ruleset-tests,sigma-regression} is absent');
      this.skip();
    }
    report = evaluateSecurity(wazuh, sigma);
  });

  const unit = (n: number): void => void expect(n).to.be.within(0, 1);

  it('scores Wazuh cases in three input settings with P/R/F1, ROC-AUC and Spearman', () => {
    const w = report.wazuh;
    expect(w.cases).to.be.greaterThan(1400);
    expect(w.positives + w.negatives + w.middle).to.equal(w.cases);
    for (const mode of ['alert', 'metadata', 'raw'] as const) {
      const m = w.modes[mode];
      expect(m.tp + m.fn).to.equal(w.positives);
      expect(m.fp + m.tn).to.equal(w.negatives);
      [m.precision, m.recall, m.f1, m.rocAuc, m.inspectedFiles.f1, m.heldOutFiles.f1].forEach(unit);
      expect(m.spearmanSeverityVsLevel).to.be.within(-1, 1);
    }
    // With the level in the alert the triage must agree with "open iff level >= 10" almost always.
    expect(w.modes.alert.f1).to.be.greaterThan(0.95);
    expect(w.modes.alert.spearmanSeverityVsLevel).to.be.greaterThan(0.8);
    // Without the level it must still beat opening everything, and rank better than chance.
    expect(w.modes.metadata.f1).to.be.greaterThan(w.baselineOpenEverything.f1);
    expect(w.modes.metadata.rocAuc).to.be.greaterThan(0.7);
    expect(w.modes.raw.rocAuc).to.be.greaterThan(0.5);
  });

  it('scores Sigma events: severity agreement, incidents for high/critical, ATT&CK micro-F1', () => {
    const s = report.sigma;
    expect(s.cases).to.be.greaterThan(150);
    const rule = s.modes.rule;
    [rule.severityExactAgreement, rule.techniques.f1, rule.tactics.f1, s.modes.event_only.tactics.f1].forEach(
      unit,
    );
    expect(rule.severityWithinOneBand).to.be.greaterThan(0.95);
    expect(rule.highCriticalOpened).to.equal(rule.highCriticalTotal);
    expect(rule.techniques.f1).to.be.greaterThan(0.95);
    expect(rule.tactics.f1).to.be.greaterThan(0.9);
  });

  it('bench/eval/security.ts writes bench/results/security.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'wk-security-eval-'));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/eval/security.ts'], {
      cwd: ROOT,
      env: { ...process.env, BENCH_RESULTS_DIR: out },
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(run.status, run.stderr).to.equal(0);
    const written = JSON.parse(readFileSync(join(out, 'security.json'), 'utf8'));
    rmSync(out, { recursive: true, force: true });
    expect(written.wazuh.modes.metadata.f1).to.equal(report.wazuh.modes.metadata.f1);
    expect(Object.keys(written.sigma.modes)).to.deep.equal(['rule', 'no_tags', 'event_only']);
  });
});
