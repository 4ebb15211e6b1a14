import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricDelta } from './compare-reports.js';
import { formatReplayMarkdown } from './format-replay-report.js';
import type { ReplayReport } from './replay-report.js';

/** File-name form of a dataset name: `replay-<name>.json` / `.md`. */
export function reportBaseName(dataset: string): string {
  const base =
    dataset
      .replace(/\.jsonl$/i, '')
      .split(/[\\/]/)
      .pop() ?? 'dataset';
  return `replay-${base.replace(/[^a-z0-9._-]+/gi, '-').toLowerCase()}`;
}

/** Writes `<outDir>/replay-<dataset>.json` and `.md`; returns both paths. */
export function writeReplayReport(
  report: ReplayReport,
  outDir: string,
  deltas?: readonly MetricDelta[],
): { json: string; markdown: string } {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, reportBaseName(report.dataset));
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ ...report, ...(deltas ? { comparison: deltas } : {}) }, null, 2)}\n`,
  );
  writeFileSync(`${base}.md`, formatReplayMarkdown(report, deltas));
  return { json: `${base}.json`, markdown: `${base}.md` };
}
