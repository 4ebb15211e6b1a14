/**
 * `node --import tsx bench/eval/security.ts`: evaluates the security triage on ../shared/eval-data
 * (Wazuh ruleset tests, Sigma regression events) and writes bench/results/security.json.
 * Exits 2 with a message when the data folder is absent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalDataPath } from './eval-data-dir.js';
import { evaluateSecurity } from './security-report.js';

const wazuh = evalDataPath('wazuh-ruleset-tests');
const sigma = evalDataPath('sigma-regression');
if (wazuh === undefined || sigma === undefined) {
  console.error('../shared/eval-data/{wazuh-ruleset-tests,sigma-regression} not found: nothing to evaluate');
  process.exit(2);
}
const report = evaluateSecurity(wazuh, sigma);
// `BENCH_RESULTS_DIR` lets tests write to a temp dir instead of the tracked report.
const out = process.env['BENCH_RESULTS_DIR'] ?? join(process.cwd(), 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'security.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
