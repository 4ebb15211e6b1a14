import type { Signal } from '../../src/core/index.js';
import { severityRank } from '../../src/core/index.js';
import { createSecuritySource } from '../../adapters/sources/security/index.js';
import { createSecurityTriage } from '../../skills/security/triage/index.js';
import type { TriageScore } from '../../skills/security/triage/index.js';
import { binaryScores, rocAuc, spearman } from './metrics.js';
import type { BinaryScores } from './metrics.js';
import { WAZUH_INPUT_MODES, wazuhAlertOfCase } from './wazuh-alert-of-case.js';
import type { WazuhInputMode } from './wazuh-alert-of-case.js';
import type { WazuhCase, WazuhRule } from './wazuh-cases.js';

export interface WazuhModeReport extends BinaryScores {
  rocAuc: number;
  /** Of the level ≤ 3 cases, how many got `false_positive` (closed, not just "no incident"). */
  negativesClosedAsFalsePositive: number;
  /** Of the level ≥ 10 cases, how many got `true_positive`. */
  positivesTruePositive: number;
  /** Spearman between the verdict's severity (info..critical as 0..3) and the Wazuh level, all cases. */
  spearmanSeverityVsLevel: number;
  /** Spearman between the triage score and the level, all cases. */
  spearmanScoreVsLevel: number;
  /**
   * The detector weights were hand-set while looking at this data; cases from even-numbered files (in
   * name order) were the ones inspected, odd-numbered files are reported apart as held out.
   */
  inspectedFiles: BinaryScores & { rocAuc: number };
  heldOutFiles: BinaryScores & { rocAuc: number };
}

export interface WazuhReport {
  cases: number;
  positives: number;
  negatives: number;
  middle: number;
  casesWithoutRuleText: number;
  modes: Record<WazuhInputMode, WazuhModeReport>;
  baselineOpenEverything: BinaryScores;
}

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Runs the triage on every case in each input mode; a fresh triage per case, fed the case's lines in order. */
export function evaluateWazuh(
  cases: readonly WazuhCase[],
  rules: ReadonlyMap<string, WazuhRule>,
): WazuhReport {
  const source = createSecuritySource();
  const fileIndex = new Map([...new Set(cases.map((c) => c.file))].sort().map((f, i) => [f, i] as const));
  const modes = {} as Record<WazuhInputMode, WazuhModeReport>;
  for (const mode of WAZUH_INPUT_MODES) {
    const rows: { level: number; v: TriageScore; heldOut: boolean }[] = [];
    for (const c of cases) {
      const triage = createSecurityTriage({ clock: { now: () => new Date(T0) } });
      let last: TriageScore | undefined;
      c.logs.forEach((log, i) => {
        const at = new Date(T0 + i * 1000).toISOString();
        const [draft] = source.parse(wazuhAlertOfCase(c, rules, log, mode, at));
        const signal: Signal = { ...draft!, id: `${c.file}#${i}`, receivedAt: at };
        last = triage(signal);
      });
      if (last !== undefined)
        rows.push({ level: c.level, v: last, heldOut: (fileIndex.get(c.file) ?? 0) % 2 === 1 });
    }
    const pos = rows.filter((r) => r.level >= 10);
    const neg = rows.filter((r) => r.level <= 3);
    modes[mode] = {
      ...openIncidentScores(rows),
      inspectedFiles: openIncidentScores(rows.filter((r) => !r.heldOut)),
      heldOutFiles: openIncidentScores(rows.filter((r) => r.heldOut)),
      negativesClosedAsFalsePositive: neg.filter((r) => r.v.verdict === 'false_positive').length,
      positivesTruePositive: pos.filter((r) => r.v.verdict === 'true_positive').length,
      spearmanSeverityVsLevel: spearman(
        rows.map((r) => severityRank(r.v.severity)),
        rows.map((r) => r.level),
      ),
      spearmanScoreVsLevel: spearman(
        rows.map((r) => r.v.score),
        rows.map((r) => r.level),
      ),
    };
  }
  const positives = cases.filter((c) => c.level >= 10).length;
  const negatives = cases.filter((c) => c.level <= 3).length;
  return {
    cases: cases.length,
    positives,
    negatives,
    middle: cases.length - positives - negatives,
    casesWithoutRuleText: cases.filter((c) => !rules.has(c.ruleId)).length,
    modes,
    baselineOpenEverything: binaryScores({ tp: positives, fn: 0, fp: negatives, tn: 0 }),
  };
}

function openIncidentScores(
  rows: readonly { level: number; v: TriageScore }[],
): BinaryScores & { rocAuc: number } {
  const pos = rows.filter((r) => r.level >= 10);
  const neg = rows.filter((r) => r.level <= 3);
  const scored = [...pos, ...neg];
  return {
    ...binaryScores({
      tp: pos.filter((r) => r.v.openIncident).length,
      fn: pos.filter((r) => !r.v.openIncident).length,
      fp: neg.filter((r) => r.v.openIncident).length,
      tn: neg.filter((r) => !r.v.openIncident).length,
    }),
    rocAuc: rocAuc(
      scored.map((r) => r.v.score),
      scored.map((r) => r.level >= 10),
    ),
  };
}
