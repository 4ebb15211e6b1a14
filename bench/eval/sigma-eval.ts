import type { Severity, Signal } from '../../src/core/index.js';
import { severityRank } from '../../src/core/index.js';
import {
  createSecuritySource,
  levelToSeverity,
  sigmaLevelNumber,
} from '../../adapters/sources/security/index.js';
import { createSecurityTriage } from '../../skills/security/triage/index.js';
import type { TriageScore } from '../../skills/security/triage/index.js';
import { microF1, r4, spearman } from './metrics.js';
import type { BinaryScores } from './metrics.js';
import type { SigmaCase } from './sigma-cases.js';

/**
 * - `rule`: the Sigma-matched event as the issue defines it: event + rule title, level and ATT&CK tags.
 * - `no_tags`: the same without the tags, so techniques must come from the event itself (Sysmon RuleName).
 * - `event_only`: a generic event with the rule title and the event's fields but neither level nor tags:
 *   severity comes from our own detectors.
 */
export type SigmaInputMode = 'rule' | 'no_tags' | 'event_only';
export const SIGMA_INPUT_MODES: readonly SigmaInputMode[] = ['rule', 'no_tags', 'event_only'];

export interface SigmaModeReport {
  severityExactAgreement: number;
  severityWithinOneBand: number;
  spearmanSeverityVsLevel: number;
  /** High/critical rules whose event opened an incident. */
  highCriticalOpened: number;
  highCriticalTotal: number;
  techniques: BinaryScores;
  /** Techniques compared at parent level (T1059.001 → T1059). */
  parentTechniques: BinaryScores;
  tactics: BinaryScores;
}

export interface SigmaReport {
  cases: number;
  byLevel: Record<string, number>;
  modes: Record<SigmaInputMode, SigmaModeReport>;
}

const LEVEL_ORDINAL = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function expectedIds(tags: readonly string[]): { techniques: string[]; tactics: string[] } {
  const techniques = tags.filter((t) => /^attack\.t\d{4}/i.test(t)).map((t) => t.slice(7).toUpperCase());
  const tactics = tags
    .filter((t) => /^attack\.[a-z][a-z_-]+$/i.test(t) && !/^attack\.[gs]\d{4}$/i.test(t))
    .map((t) => t.slice(7).toLowerCase().replace(/_/g, '-'));
  return { techniques, tactics };
}
const list = (v: string | undefined): string[] => (v === undefined || v === '' ? [] : v.split(','));
const parent = (ts: readonly string[]): string[] => [...new Set(ts.map((t) => t.split('.')[0] ?? t))];

export function evaluateSigma(cases: readonly SigmaCase[]): SigmaReport {
  const source = createSecuritySource();
  const modes = {} as Record<SigmaInputMode, SigmaModeReport>;
  for (const mode of SIGMA_INPUT_MODES) {
    const rows: {
      c: SigmaCase;
      v: TriageScore;
      expected: Severity;
      techniques: string[];
      tactics: string[];
    }[] = [];
    cases.forEach((c, i) => {
      const rule = mode === 'rule' ? c.rule : { ...c.rule, tags: [] };
      const [matched] = source.parse({ rule, event: c.event });
      let draft = matched!;
      if (mode === 'event_only') {
        const {
          rule_level: _l,
          sigma_level: _s,
          attack_techniques: _t,
          attack_tactics: _a,
          ...rest
        } = draft.labels;
        const eventData = JSON.stringify(c.event).slice(0, 8000);
        draft = source.parse({ title: c.rule.title, log: eventData, labels: rest })[0]!;
      }
      const at = new Date(T0 + i * 60_000).toISOString();
      const signal: Signal = { ...draft, id: `sigma-${i}`, receivedAt: at, startsAt: at };
      const v = createSecurityTriage({ clock: { now: () => new Date(T0) } })(signal)!;
      const labels = { ...signal.labels, ...(v.labels ?? {}) };
      rows.push({
        c,
        v,
        expected: levelToSeverity(sigmaLevelNumber(c.rule.level)),
        techniques: list(labels['attack_techniques']),
        tactics: list(labels['attack_tactics']),
      });
    });
    const n = rows.length;
    const hc = rows.filter((r) => r.c.rule.level === 'high' || r.c.rule.level === 'critical');
    modes[mode] = {
      severityExactAgreement: r4(rows.filter((r) => r.v.severity === r.expected).length / n),
      severityWithinOneBand: r4(
        rows.filter((r) => Math.abs(severityRank(r.v.severity) - severityRank(r.expected)) <= 1).length / n,
      ),
      spearmanSeverityVsLevel: spearman(
        rows.map((r) => severityRank(r.v.severity)),
        rows.map((r) => LEVEL_ORDINAL[r.c.rule.level]),
      ),
      highCriticalOpened: hc.filter((r) => r.v.openIncident).length,
      highCriticalTotal: hc.length,
      techniques: microF1(
        rows.map((r) => ({ predicted: r.techniques, expected: expectedIds(r.c.rule.tags).techniques })),
      ),
      parentTechniques: microF1(
        rows.map((r) => ({
          predicted: parent(r.techniques),
          expected: parent(expectedIds(r.c.rule.tags).techniques),
        })),
      ),
      tactics: microF1(
        rows.map((r) => ({ predicted: r.tactics, expected: expectedIds(r.c.rule.tags).tactics })),
      ),
    };
  }
  const byLevel: Record<string, number> = {};
  for (const c of cases) byLevel[c.rule.level] = (byLevel[c.rule.level] ?? 0) + 1;
  return { cases: cases.length, byLevel, modes };
}
