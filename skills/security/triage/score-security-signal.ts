import type { Severity, Signal, TriageLabel, TriageVerdict } from '../../../src/core/index.js';
import type { AccessAnomaly } from '../access/index.js';
import type { IntelMatch } from '../intel/index.js';
import type { AssetInventory } from './asset-inventory.js';
import type { BenignRule } from './benign-list.js';
import { tacticsOfTechniques } from './attack-tactics.js';
import { detectLogPatterns } from './log-pattern-detectors.js';

/** Everything the triage knows about one signal beyond the signal itself; gathered by createSecurityTriage. */
export interface TriageContext {
  readonly assets: AssetInventory;
  readonly benign: BenignRule | undefined;
  readonly intel: readonly IntelMatch[];
  readonly anomalies: readonly AccessAnomaly[];
  /** Occurrences of this signal's fingerprint within the repetition window, this one included. */
  readonly repetitions: number;
  readonly repetitionThreshold: number;
  /** Score at or above which an incident opens (0..1). */
  readonly threshold: number;
  /** Score below which the event is closed as a false positive. */
  readonly falsePositiveBelow: number;
}

export interface TriageScore extends TriageVerdict {
  /** 0..1; the Wazuh-like level is round(score × 15). */
  readonly score: number;
}

const HIGH_IMPACT_TACTICS = new Set([
  'credential-access',
  'lateral-movement',
  'exfiltration',
  'impact',
  'privilege-escalation',
]);
const ANOMALY_WEIGHT: Readonly<Record<AccessAnomaly['kind'], number>> = {
  brute_force: 0.3,
  brute_force_success: 0.5,
  impossible_travel: 0.4,
  blocked_country: 0.3,
  admin_grant: 0.3,
};
const CRITICALITY_WEIGHT = { crown_jewel: 0.15, high: 0.08, medium: 0, low: -0.05 } as const;
const TEXT_ANNOTATIONS = ['description', 'full_log', 'output', 'log', 'command_line'];

/**
 * The scoring behind the security triage, pure: a base score from the rule level (or, when the event
 * has none, from our own text detectors), moved by asset criticality, repetition, ATT&CK tactics, access
 * anomalies and threat intel; a live benign rule closes the event unless intel matched. Each contribution
 * becomes a reason a person can read.
 */
export function scoreSecuritySignal(signal: Signal, ctx: TriageContext): TriageScore {
  const reasons: string[] = [];
  const labels: Record<string, string> = {};
  const level = parseLevel(signal.labels['rule_level']);
  const text = [signal.summary, ...TEXT_ANNOTATIONS.map((k) => signal.annotations[k] ?? '')].join('\n');
  const hits = detectLogPatterns(text, (signal.labels['rule_groups'] ?? '').split(','));
  const detectorSum = hits.reduce((n, h) => n + h.weight, 0);

  let score: number;
  if (level !== undefined) {
    score = level / 15;
    reasons.push(`rule level ${level}/15`);
    // The rule's author already weighed the event; our detectors only nudge it.
    score += clamp(detectorSum * 0.25, -0.05, 0.05);
  } else {
    // A rule that maps to ATT&CK describes attacker behaviour, not housekeeping.
    const mapped = (signal.labels['attack_techniques'] ?? '') !== '' ? 0.1 : 0;
    score = clamp(0.3 + detectorSum + mapped, 0, 0.85);
    reasons.push('no rule level: scored from the event text');
  }
  for (const h of hits) reasons.push(`${h.weight >= 0 ? 'detector' : 'benign sign'}: ${h.reason}`);

  const techniques = splitList(signal.labels['attack_techniques']);
  for (const h of hits)
    if (h.technique !== undefined && level === undefined && !techniques.includes(h.technique))
      techniques.push(h.technique);
  for (const a of ctx.anomalies) if (!techniques.includes(a.technique)) techniques.push(a.technique);
  const tactics = [
    ...new Set([...splitList(signal.labels['attack_tactics']), ...tacticsOfTechniques(techniques)]),
  ];
  if (techniques.length > 0) labels['attack_techniques'] = techniques.join(',');
  if (tactics.length > 0) labels['attack_tactics'] = tactics.join(',');
  const impactful = tactics.filter((t) => HIGH_IMPACT_TACTICS.has(t));
  if (impactful.length > 0) {
    score += 0.05;
    reasons.push(`ATT&CK ${techniques.join(', ') || 'tactic'}: ${impactful.join(', ')}`);
  } else if (techniques.length > 0) reasons.push(`ATT&CK ${techniques.join(', ')}`);

  const host = signal.labels['host'] ?? signal.labels['dst_ip'];
  const asset = host === undefined ? undefined : ctx.assets.find(host);
  if (asset !== undefined) {
    score += CRITICALITY_WEIGHT[asset.criticality];
    labels['asset'] = asset.name;
    labels['asset_tier'] = asset.criticality;
    reasons.push(`asset ${asset.name} is ${asset.criticality.replace('_', ' ')}`);
  }
  const user = signal.labels['user'];
  if (user !== undefined && ctx.assets.isPrivilegedUser(user)) {
    score += 0.05;
    reasons.push(`user ${user} is privileged`);
  }

  if (ctx.repetitions >= ctx.repetitionThreshold) {
    score += 0.1;
    reasons.push(`repeated ${ctx.repetitions} times within the window`);
  }
  labels['repetitions'] = String(ctx.repetitions);

  for (const a of ctx.anomalies) {
    score += ANOMALY_WEIGHT[a.kind];
    reasons.push(`access anomaly: ${a.reason}`);
  }
  if (ctx.anomalies.length > 0)
    labels['access_anomaly'] = [...new Set(ctx.anomalies.map((a) => a.kind))].join(',');

  if (ctx.intel.length > 0) {
    score = Math.max(score + 0.3, 0.75);
    for (const m of ctx.intel.slice(0, 5)) {
      reasons.push(
        `threat intel: ${m.observable.field} ${m.observable.value} listed in ${m.indicator.source}${m.indicator.name === undefined ? '' : ` (${m.indicator.name})`}`,
      );
    }
    labels['intel_match'] = [...new Set(ctx.intel.map((m) => m.indicator.source))].join(',');
  }

  score = clamp(score, 0, 1);
  let verdict: TriageLabel;
  let confidence: number;
  if (ctx.benign !== undefined && ctx.intel.length === 0) {
    reasons.unshift(`known benign (${ctx.benign.id}): ${ctx.benign.reason}`);
    labels['benign_rule'] = ctx.benign.id;
    score = Math.min(score, ctx.falsePositiveBelow / 2);
    verdict = 'false_positive';
    confidence = 0.9;
  } else {
    if (ctx.benign !== undefined)
      reasons.unshift(`benign rule ${ctx.benign.id} ignored: threat intel matched`);
    if (score >= ctx.threshold) {
      verdict = 'true_positive';
      confidence = 0.5 + (0.5 * (score - ctx.threshold)) / Math.max(1 - ctx.threshold, 1e-9);
    } else if (score < ctx.falsePositiveBelow) {
      verdict = 'false_positive';
      confidence = 0.5 + (0.5 * (ctx.falsePositiveBelow - score)) / Math.max(ctx.falsePositiveBelow, 1e-9);
    } else {
      verdict = 'needs_review';
      const mid = (ctx.threshold + ctx.falsePositiveBelow) / 2;
      confidence = 0.5 + Math.abs(score - mid) / Math.max(ctx.threshold - ctx.falsePositiveBelow, 1e-9) / 2;
    }
  }
  const severity = severityOfScore(score);
  labels['triage_score'] = score.toFixed(2);
  return {
    verdict,
    confidence: round2(clamp(confidence, 0, 1)),
    severity,
    reasons,
    openIncident: verdict === 'true_positive',
    labels,
    score,
  };
}

/** Same bands as the source's level mapping: round(score × 15) → 0–3 info … 12–15 critical. */
function severityOfScore(score: number): Severity {
  const level = Math.round(score * 15);
  if (level >= 12) return 'critical';
  if (level >= 8) return 'error';
  if (level >= 4) return 'warning';
  return 'info';
}

function parseLevel(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,2}$/.test(v)) return undefined;
  return Math.min(Number(v), 15);
}

function splitList(v: string | undefined): string[] {
  return v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));
const round2 = (n: number): number => Math.round(n * 100) / 100;
