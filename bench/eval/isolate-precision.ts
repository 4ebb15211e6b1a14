import { join } from 'node:path';
import type { Signal } from '../../src/core/index.js';
import { matchLabels } from '../../src/core/index.js';
import { createSecuritySource } from '../../adapters/sources/security/index.js';
import { securityPlaybooks } from '../../skills/security/index.js';
import { createSecurityTriage } from '../../skills/security/triage/index.js';
import type { TriageScore } from '../../skills/security/triage/index.js';
import { loadSigmaCases } from './sigma-cases.js';
import { wazuhAlertOfCase } from './wazuh-alert-of-case.js';
import type { WazuhInputMode } from './wazuh-alert-of-case.js';
import { loadWazuhCases, loadWazuhRules } from './wazuh-cases.js';

/** How often the security skill proposes isolating a host, and on which events. */
export interface IsolateCounts {
  /** Events that opened an incident whose playbook proposes `*.isolate_host`. */
  proposals: number;
  onPositives: number;
  onMiddle: number;
  onNegatives: number;
  /** onPositives / proposals (middle levels count as not warranted). */
  precision: number;
  /** onPositives / (onPositives + onNegatives): the incident metric's convention, middle levels left out. */
  precisionExcludingMiddle: number;
  /** Positive (level ≥ 10) brute-force cases (rule MITRE has T1110) and how many of them got the proposal. */
  bruteForcePositives: number;
  bruteForcePositivesProposed: number;
}

export interface IsolateReport {
  generatedAt: string;
  definition: string;
  wazuh: Record<
    'alert' | 'metadata',
    {
      playbookOnSignalLabels: IsolateCounts;
      playbookOnSignalAndTriageLabels: IsolateCounts;
      /** Baseline: isolate on every event the playbook matches, without the triage gate. */
      baselineWithoutTriage: IsolateCounts;
    }
  >;
  sigma: { events: number; proposals: number; precision: number | null };
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
const PLAYBOOKS = securityPlaybooks();

/** The tool of the first matching signal playbook's containment step, as the playbook planner picks it. */
export function proposesIsolation(labels: Readonly<Record<string, string>>): boolean {
  const p = PLAYBOOKS.find((x) => x.trigger.kind === 'signal' && matchLabels(x.trigger.labels, labels));
  return p?.steps.some((s) => s.tool.endsWith('.isolate_host')) ?? false;
}

function counts(rows: readonly { level: number; proposed: boolean; bruteForce: boolean }[]): IsolateCounts {
  const proposed = rows.filter((r) => r.proposed);
  const onPositives = proposed.filter((r) => r.level >= 10).length;
  const onNegatives = proposed.filter((r) => r.level <= 3).length;
  const bf = rows.filter((r) => r.level >= 10 && r.bruteForce);
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);
  return {
    proposals: proposed.length,
    onPositives,
    onMiddle: proposed.length - onPositives - onNegatives,
    onNegatives,
    precision: ratio(onPositives, proposed.length),
    precisionExcludingMiddle: ratio(onPositives, onPositives + onNegatives),
    bruteForcePositives: bf.length,
    bruteForcePositivesProposed: bf.filter((r) => r.proposed).length,
  };
}

/**
 * Isolate-action precision over the shared eval data: each Wazuh case fed line by line to a fresh triage
 * (as in wazuh-eval.ts); an isolation is "proposed" when the last line opens an incident and the security
 * skill's first matching playbook isolates the host; it is "warranted" when Wazuh rates the case level ≥ 10.
 */
export function evaluateIsolatePrecision(wazuhDir: string, sigmaDir: string): IsolateReport {
  const source = createSecuritySource();
  const cases = loadWazuhCases(wazuhDir);
  const rules = loadWazuhRules(join(wazuhDir, 'rules'));
  const wazuh = {} as IsolateReport['wazuh'];
  for (const mode of ['alert', 'metadata'] as const satisfies readonly WazuhInputMode[]) {
    const plain: { level: number; proposed: boolean; bruteForce: boolean }[] = [];
    const merged: typeof plain = [];
    const ungated: typeof plain = [];
    for (const c of cases) {
      const triage = createSecurityTriage({ clock: { now: () => new Date(T0) } });
      let last: { signal: Signal; v: TriageScore | undefined } | undefined;
      c.logs.forEach((log, i) => {
        const at = new Date(T0 + i * 1000).toISOString();
        const [draft] = source.parse(wazuhAlertOfCase(c, rules, log, mode, at));
        const signal: Signal = { ...draft!, id: `${c.file}#${i}`, receivedAt: at };
        last = { signal, v: triage(signal) };
      });
      if (last === undefined) continue;
      const { signal, v } = last;
      const open = v?.openIncident === true;
      const bruteForce = (rules.get(c.ruleId)?.mitre ?? []).some(
        (t) => t === 'T1110' || t.startsWith('T1110.'),
      );
      plain.push({ level: c.level, bruteForce, proposed: open && proposesIsolation(signal.labels) });
      ungated.push({ level: c.level, bruteForce, proposed: proposesIsolation(signal.labels) });
      merged.push({
        level: c.level,
        bruteForce,
        proposed: open && proposesIsolation({ ...signal.labels, ...(v?.labels ?? {}) }),
      });
    }
    wazuh[mode] = {
      playbookOnSignalLabels: counts(plain),
      playbookOnSignalAndTriageLabels: counts(merged),
      baselineWithoutTriage: counts(ungated),
    };
  }
  const sigma = loadSigmaCases(sigmaDir);
  let proposals = 0;
  sigma.forEach((c, i) => {
    const [draft] = source.parse({ rule: c.rule, event: c.event });
    const at = new Date(T0 + i * 60_000).toISOString();
    const signal: Signal = { ...draft!, id: `sigma-${i}`, receivedAt: at, startsAt: at };
    const v = createSecurityTriage({ clock: { now: () => new Date(T0) } })(signal);
    if (v?.openIncident === true && proposesIsolation({ ...signal.labels, ...(v.labels ?? {}) }))
      proposals += 1;
  });
  return {
    generatedAt: new Date().toISOString(),
    definition:
      'proposed = the last event of a case opens an incident (security triage) and the first matching security playbook isolates the host (security.brute-force: ATT&CK T1110 + host). ' +
      "warranted = Wazuh level >= 10 (every Sigma regression event is a positive). playbookOnSignalAndTriageLabels is what the app does (the planner sees the new incident's labels: " +
      "the signal's plus what the triage added, e.g. an inferred technique); playbookOnSignalLabels uses the signal's own labels only.",
    wazuh,
    sigma: { events: sigma.length, proposals, precision: proposals === 0 ? null : 1 },
  };
}
