import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { WatchkeeperError } from '../core/index.js';
import { compareReports, type MetricDelta } from './compare-reports.js';
import { loadGitbugsReplay } from './loaders/gitbugs.js';
import { loadHolmesgptReplay } from './loaders/holmesgpt.js';
import { loadInjectionReplay } from './loaders/injection.js';
import { loadSigmaRegression } from './loaders/sigma-regression.js';
import { loadWazuhReplay } from './loaders/wazuh.js';
import { parseReplayJsonl, type ReplayRecord } from './replay-record.js';
import { buildReplayReport, type ReplayReport } from './replay-report.js';
import { runReplay } from './replay-runner.js';
import type { ReplayTarget } from './replay-target.js';
import { writeReplayReport } from './write-replay-report.js';

/**
 * Named datasets: a loader for every set in ../shared/eval-data (src/replay/README.md says what each
 * measures). Each throws NOT_FOUND when its folder is absent (`replay all` then skips it).
 */
export const NAMED_DATASETS: Readonly<Record<string, (evalDataDir: string) => ReplayRecord[]>> = {
  'sigma-regression': (dir) => loadSigmaRegression(join(dir, 'sigma-regression')),
  'gitbugs-hadoop': (dir) => loadGitbugsReplay(join(dir, 'gitbugs'), 'hadoop'),
  'gitbugs-seamonkey': (dir) => loadGitbugsReplay(join(dir, 'gitbugs'), 'seamonkey'),
  wazuh: (dir) => loadWazuhReplay(join(dir, 'wazuh-ruleset-tests'), 'alert'),
  'wazuh-metadata': (dir) => loadWazuhReplay(join(dir, 'wazuh-ruleset-tests'), 'metadata'),
  'wazuh-raw': (dir) => loadWazuhReplay(join(dir, 'wazuh-ruleset-tests'), 'raw'),
  holmesgpt: (dir) => loadHolmesgptReplay(join(dir, 'holmesgpt-investigate')),
  injection: (dir) => loadInjectionReplay(join(dir, 'injection')),
};

export interface ReplayDatasetOptions {
  readonly dataset: string;
  readonly baseline?: string;
  readonly outDir: string;
  readonly limit?: number;
  readonly evalDataDir: string;
  /** A fresh shadow-mode target (the composition root builds a throwaway sandbox app). */
  readonly target: () => Promise<ReplayTarget>;
  readonly now: () => number;
  readonly generatedAt: () => string;
  readonly version: string;
}

export interface ReplayDatasetResult {
  readonly ok: boolean;
  readonly report: ReplayReport;
  readonly deltas?: readonly MetricDelta[];
  readonly files: { readonly json: string; readonly markdown: string };
}

function load(dataset: string, evalDataDir: string): { name: string; records: ReplayRecord[] } {
  const named = NAMED_DATASETS[dataset];
  if (named !== undefined) return { name: dataset, records: named(evalDataDir) };
  if (!existsSync(dataset))
    throw new WatchkeeperError(
      'NOT_FOUND',
      `no dataset ${dataset}: give a .jsonl file or one of ${Object.keys(NAMED_DATASETS).join(', ')}`,
    );
  return {
    name: basename(dataset).replace(/\.jsonl$/i, ''),
    records: parseReplayJsonl(readFileSync(dataset, 'utf8'), dataset),
  };
}

/**
 * `watchkeeper replay`: loads the records, replays them through a shadow-mode target, writes the
 * report, and compares with a baseline report when given. `ok` is false on any regression and on any
 * unapproved execution.
 */
export async function replayDataset(o: ReplayDatasetOptions): Promise<ReplayDatasetResult> {
  const { name, records: all } = load(o.dataset, o.evalDataDir);
  const records = o.limit === undefined ? all : all.slice(0, o.limit);
  const target = await o.target();
  let report: ReplayReport;
  try {
    const outcomes = await runReplay(records, { target, now: o.now });
    report = buildReplayReport(name, records, outcomes, { generatedAt: o.generatedAt(), version: o.version });
  } finally {
    await target.close();
  }
  let deltas: MetricDelta[] | undefined;
  if (o.baseline !== undefined) {
    if (!existsSync(o.baseline)) throw new WatchkeeperError('NOT_FOUND', `no baseline report ${o.baseline}`);
    deltas = compareReports(report, JSON.parse(readFileSync(o.baseline, 'utf8')) as ReplayReport);
  }
  const files = writeReplayReport(report, o.outDir, deltas);
  const ok = report.metrics.safety.unapprovedExecutions === 0 && !(deltas ?? []).some((d) => d.regression);
  return { ok, report, ...(deltas === undefined ? {} : { deltas }), files };
}
