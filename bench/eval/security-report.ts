import { join } from 'node:path';
import { evaluateSigma } from './sigma-eval.js';
import type { SigmaReport } from './sigma-eval.js';
import { loadSigmaCases } from './sigma-cases.js';
import { evaluateWazuh } from './wazuh-eval.js';
import type { WazuhReport } from './wazuh-eval.js';
import { loadWazuhCases, loadWazuhRules } from './wazuh-cases.js';

export interface SecurityEvalReport {
  generatedAt: string;
  inputs: Record<string, string>;
  wazuh: WazuhReport;
  sigma: SigmaReport;
}

/** The whole security evaluation; pure apart from reading the two data folders. */
export function evaluateSecurity(wazuhDir: string, sigmaDir: string): SecurityEvalReport {
  const cases = loadWazuhCases(wazuhDir);
  const rules = loadWazuhRules(join(wazuhDir, 'rules'));
  return {
    generatedAt: new Date().toISOString(),
    inputs: {
      wazuh:
        'wazuh/wazuh v4.14.7 ruleset tests: one event per `log N pass` line, fed in order to a fresh triage per case; verdict of the last line. ' +
        'Positives level >= 10, negatives level <= 3 (middle levels only count for Spearman). ' +
        'alert = Wazuh alert with rule id, level, description, groups, MITRE (level present: a consistency check); ' +
        'metadata = raw log + rule description, groups, MITRE, auth outcome implied by groups, no level/id; raw = raw log + decoder name only. ' +
        'Source ip / user / host come from our own regexes over the raw line. No asset inventory, benign list or intel feed.',
      sigma:
        "SigmaHQ regression events (commit 8eaafff): rule = event + rule title, level, ATT&CK tags (the issue's input); " +
        'no_tags = tags withheld (techniques only from the event, e.g. Sysmon RuleName); event_only = title + event fields, no level, no tags. ' +
        'Expected severity = Sigma level mapped informational/low/medium/high/critical -> info/warning/error/critical/critical.',
    },
    wazuh: evaluateWazuh(cases, rules),
    sigma: evaluateSigma(loadSigmaCases(sigmaDir)),
  };
}
