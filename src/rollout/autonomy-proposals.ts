import { actionOf, type AutonomyHistoryRow, type AutonomyMode } from '../core/index.js';

/** Evidence thresholds for proposing a promotion. */
export interface PromotionThresholds {
  /** Decisions needed before any proposal (shadow plans, or approval requests). */
  readonly minSamples: number;
  /** Share of shadow plans people matched, or of approvals accepted unchanged. */
  readonly minAgreement: number;
  readonly windowDays: number;
}

export const DEFAULT_PROMOTION: PromotionThresholds = { minSamples: 20, minAgreement: 0.9, windowDays: 30 };

/** A promotion Watchkeeper proposes; a person decides with `/wk autonomy <key> <to>`. */
export interface AutonomyProposal {
  readonly key: string;
  readonly from: AutonomyMode;
  readonly to: AutonomyMode;
  readonly samples: number;
  readonly agreed: number;
  readonly failed: number;
  readonly rolledBack: number;
  readonly text: string;
}

const NEXT: Partial<Record<AutonomyMode, AutonomyMode>> = {
  shadow: 'suggest',
  suggest: 'supervised',
  supervised: 'autonomous',
};

/**
 * Promotion proposals per `<domain>.<action>`, from the step history of the window: in shadow, how often
 * people then did what Watchkeeper would have done; above it, how many approval requests were accepted
 * unchanged (an approval binds the exact step). Any failure or rollback in the window blocks a proposal.
 */
export function autonomyProposals(
  history: readonly AutonomyHistoryRow[],
  modeOf: (domain: string, tool: string) => AutonomyMode,
  t: PromotionThresholds = DEFAULT_PROMOTION,
): AutonomyProposal[] {
  const byKey = new Map<string, { domain: string; tool: string; rows: AutonomyHistoryRow[] }>();
  for (const row of history) {
    const key = `${row.domain}.${actionOf(row.tool)}`;
    const entry = byKey.get(key) ?? { domain: row.domain, tool: row.tool, rows: [] };
    entry.rows.push(row);
    byKey.set(key, entry);
  }
  const proposals: AutonomyProposal[] = [];
  for (const [key, { domain, tool, rows }] of byKey) {
    const from = modeOf(domain, tool);
    const to = NEXT[from];
    if (to === undefined) continue;
    const sum = (f: (r: AutonomyHistoryRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
    const inShadow = from === 'shadow';
    const samples = inShadow ? sum((r) => r.shadowed) : sum((r) => r.suggested);
    const agreed = inShadow ? sum((r) => r.shadowMatched) : sum((r) => r.accepted);
    const failed = sum((r) => r.failed);
    const rolledBack = sum((r) => r.rolledBack);
    if (samples < t.minSamples || agreed / samples < t.minAgreement || failed + rolledBack > 0) continue;
    const what = inShadow
      ? `${samples} shadow plans, ${agreed} matched by what people then did`
      : `${samples} suggestions, ${agreed} accepted unchanged`;
    proposals.push({
      key,
      from,
      to,
      samples,
      agreed,
      failed,
      rolledBack,
      text: `${key}: ${what}, ${rolledBack} rolled back in ${t.windowDays} days — promote to ${to}? (/wk autonomy ${key} ${to})`,
    });
  }
  return proposals.sort((a, b) => a.key.localeCompare(b.key));
}
