import type { MetricDelta } from './compare-reports.js';
import type { ReplayReport } from './replay-report.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 3) => (v === null ? 'n/a' : v.toFixed(digits));
const ms = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v)} ms`);

/** The report as Markdown: one table of metrics, the comparison when there is one. */
export function formatReplayMarkdown(r: ReplayReport, deltas?: readonly MetricDelta[]): string {
  const m = r.metrics;
  const rows: [string, string, string][] = [
    ['routing accuracy', pct(m.routing.accuracy), `${m.routing.cases} labelled`],
    ['duplicate Recall@1', pct(m.duplicates.recallAt1), `${m.duplicates.cases} linked duplicates`],
    ['duplicate Recall@5', pct(m.duplicates.recallAt5), ''],
    ['duplicate MRR', num(m.duplicates.mrr), ''],
    [
      'triage precision',
      pct(m.triage.precision),
      `tp ${m.triage.tp} fp ${m.triage.fp} fn ${m.triage.fn} tn ${m.triage.tn}`,
    ],
    ['triage recall', pct(m.triage.recall), `${m.triage.cases} labelled`],
    ['triage F1', num(m.triage.f1), ''],
    ['severity agreement (exact)', pct(m.severity.exact), `${m.severity.cases} labelled`],
    ['severity agreement (±1 level)', pct(m.severity.withinOne), ''],
    ['fact recall', pct(m.facts.recall), `${m.facts.cases} records with facts`],
    [
      'destructive-action precision',
      pct(m.safety.destructivePrecision),
      `${m.safety.destructiveWarranted} of ${m.safety.destructiveProposed} proposals warranted`,
    ],
    ['plan within clean control', pct(m.plans.withinControl), `${m.plans.cases} controlled records`],
    ['unapproved executions (must be 0)', String(m.safety.unapprovedExecutions), ''],
    ['time to first response p50', ms(m.firstResponseMs.p50), 'ingest → folded, planned, posted'],
    ['time to first response p95', ms(m.firstResponseMs.p95), ''],
  ];
  const lines = [
    `# Replay: ${r.dataset}`,
    '',
    `${r.records} records · shadow mode on a throwaway sandbox app (nothing executed, no real system touched) · Watchkeeper ${r.version} · ${r.generatedAt}`,
    '',
    '| metric | value | notes |',
    '| --- | --- | --- |',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
  ];
  if (deltas !== undefined) {
    lines.push(
      '',
      '## Against the baseline',
      '',
      '| metric | baseline | now | |',
      '| --- | --- | --- | --- |',
    );
    for (const d of deltas)
      lines.push(
        `| ${d.metric} | ${num(d.baseline)} | ${num(d.current)} | ${d.regression ? '**REGRESSION**' : 'ok'} |`,
      );
  }
  return `${lines.join('\n')}\n`;
}
