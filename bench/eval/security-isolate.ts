/**
 * `node --import tsx bench/eval/security-isolate.ts`: isolate-action precision of the security skill on
 * ../shared/eval-data, written to bench/results/security-isolate.json. Exits 2 when the data is absent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalDataPath } from './eval-data-dir.js';
import { evaluateIsolatePrecision } from './isolate-precision.js';

const wazuh = evalDataPath('wazuh-ruleset-tests');
const sigma = evalDataPath('sigma-regression');
if (wazuh === undefined || sigma === undefined) {
  console.error('../shared/eval-data/{wazuh-ruleset-tests,sigma-regression} not found: nothing to evaluate');
  process.exit(2);
}
const report = evaluateIsolatePrecision(wazuh, sigma);
const out = join(process.cwd(), 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'security-isolate.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
