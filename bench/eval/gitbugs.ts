/**
 * Duplicate-detection evaluation on gitbugs (issue 9): `node --import tsx bench/eval/gitbugs.ts`
 * [--sets hadoop,seamonkey] [--tuning '<json>'] [--no-write]. Prints baseline and Watchkeeper side by
 * side and writes bench/results/gitbugs.json. The data is read in place from ../shared/eval-data/gitbugs
 * (CC BY 4.0, see its NOTICE). Tuning happened on Hadoop only; SeaMonkey is reported untuned.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_TUNING } from '../../src/memory/index.js';
import { GITBUGS_SETS, gitbugsDir, loadGitbugs } from './gitbugs-data.js';
import { DEPTH, replay, type SetResult } from './gitbugs-replay.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** Where reports go: `bench/results/`, or `BENCH_RESULTS_DIR` (tests write to a temp dir, not the tracked file). */
const RESULTS_DIR = process.env['BENCH_RESULTS_DIR'] ?? join(ROOT, 'bench', 'results');
export const GITBUGS_RESULT = join(RESULTS_DIR, 'gitbugs.json');

function row(name: string, s: SetResult['baseline']): string {
  const f = (x: number) => x.toFixed(3).padStart(6);
  return `  ${name.padEnd(12)} ${String(s.pairs).padStart(5)} ${f(s.recallAt1)} ${f(s.recallAt5)} ${f(s.recallAt10)} ${f(s.mrr)}`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      sets: { type: 'string', default: 'hadoop,seamonkey' },
      tuning: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const dir = gitbugsDir(ROOT);
  if (dir === undefined) {
    console.log(
      'skipped: ../shared/eval-data/gitbugs is absent (the shared eval data sits beside the checkout)',
    );
    if (process.env['CI'] !== undefined) process.exitCode = 1;
    return;
  }
  const tuning = values.tuning === undefined ? undefined : JSON.parse(values.tuning);
  const wanted = new Set(values.sets.split(','));
  const results: SetResult[] = [];
  for (const spec of GITBUGS_SETS.filter((s) => wanted.has(s.name))) {
    const result = replay(loadGitbugs(dir, spec), tuning);
    results.push(result);
    console.log(`${result.set}: ${result.reports} reports, MRR over the top ${DEPTH}`);
    console.log('  retriever    pairs    R@1    R@5   R@10    MRR');
    console.log(row('baseline', result.baseline));
    console.log(row('watchkeeper', result.watchkeeper));
    const e = result.escalation;
    console.log(
      'skipped' in e
        ? `  escalation: ${e.skipped}`
        : `  escalation (Blocker/Critical, text only): precision ${e.precision} recall ${e.recall} F1 ${e.f1} (${e.truePositives}/${e.positives}, ${e.predicted} flagged)`,
    );
    const l = result.latencyMs;
    console.log(
      `  latency: remember ${l.rememberMean} ms mean, similar p50 ${l.similarP50} ms, p95 ${l.similarP95} ms`,
    );
  }
  if (values['no-write']) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    data: '../shared/eval-data/gitbugs (av9ash/gitbugs eadf2d6, CC BY 4.0; Patil, arXiv:2504.09651)',
    protocol:
      'Reports replayed in Created order (ties by issue id). A pair is a report whose linked twins include at least ' +
      'one created earlier; it is searched before it is remembered, so only earlier reports can be found. Hit = any ' +
      `earlier twin. MRR over the top ${DEPTH}. Baseline: FTS5 porter, BM25 summary 3x description, all query words ORed.`,
    tuning: tuning ?? DEFAULT_TUNING,
    tunedOn: 'hadoop',
    sets: Object.fromEntries(results.map((r) => [r.set, r])),
  };
  writeFileSync(GITBUGS_RESULT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${GITBUGS_RESULT}`);
}

main();
