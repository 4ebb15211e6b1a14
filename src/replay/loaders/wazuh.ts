import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WatchkeeperError } from '../../core/index.js';
import type { ReplayRecord } from '../replay-record.js';
import { wazuhAlertOfCase, type WazuhInputMode } from './wazuh-alert-of-case.js';
import { loadWazuhCases, loadWazuhRules } from './wazuh-cases.js';

type Severity = 'info' | 'warning' | 'error' | 'critical';

/** Wazuh's own rule classification (0–3 noise, 4–7 worth a look, 8–11 error class, 12–15 high importance). */
export function wazuhLevelSeverity(level: number): Severity {
  if (level >= 12) return 'critical';
  if (level >= 8) return 'error';
  if (level >= 4) return 'warning';
  return 'info';
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
/** Cases are spaced apart so each meets a quiet system unless its own lines repeat (frequency rules). */
const CASE_SPACING_MS = 10 * 60_000;

/**
 * ../shared/eval-data/wazuh-ruleset-tests (wazuh/wazuh v4.14.7, GPL-2.0; see its NOTICE) as replay
 * records: every `log N pass` line of every case, in file order, posted to the security hook in one of
 * the three shapes of bench/eval (`alert`: what a Wazuh integration sends, level included, so triage is
 * close to a read-out; `metadata`: rule text, groups and MITRE ids but no level; `raw`: the log line
 * only). The labels sit on a case's last line (the one Wazuh alerts on): routing → `security`;
 * incident for level ≥ 10, benign for level ≤ 3 (and no destructive step warranted; levels
 * 4–9 carry no triage label); severity from
 * the level by Wazuh's classification; the rule's MITRE ids as facts.
 */
export function loadWazuhReplay(dir: string, mode: WazuhInputMode): ReplayRecord[] {
  if (!existsSync(join(dir, 'rules')))
    throw new WatchkeeperError('NOT_FOUND', `no wazuh ruleset tests under ${dir}`);
  const rules = loadWazuhRules(join(dir, 'rules'));
  const seen = new Map<string, number>();
  return loadWazuhCases(dir).flatMap((c, caseIndex) => {
    const base = `wazuh:${c.file.replace(/\.ini$/, '')}:${c.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}~${n}`;
    const mitre = rules.get(c.ruleId)?.mitre ?? [];
    return c.logs.map((log, i): ReplayRecord => {
      const at = new Date(T0 + caseIndex * CASE_SPACING_MS + i * 1000).toISOString();
      const last = i === c.logs.length - 1;
      return {
        id: c.logs.length === 1 ? id : `${id}#${i + 1}`,
        source: 'security',
        // The app's clock follows the events' own times, so fold windows see cases 10 minutes apart.
        at,
        body: wazuhAlertOfCase(c, rules, log, mode, at),
        expect: last
          ? {
              skill: 'security',
              // A benign event warrants no isolation, block or account lock (the isolate-precision gate).
              ...(c.level >= 10
                ? { incident: true }
                : c.level <= 3
                  ? { incident: false, destructive: false }
                  : {}),
              severity: wazuhLevelSeverity(c.level),
              ...(mitre.length === 0 ? {} : { facts: [...mitre] }),
            }
          : {},
      };
    });
  });
}
