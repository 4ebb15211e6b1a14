/**
 * The replay report's metric functions: small, pure and tested on hand-computed fixtures, so the
 * numbers in bench/results/ mean what their names say.
 */

/** Share of pairs whose two sides are equal; null when there are no pairs. */
export function accuracy<T>(pairs: readonly (readonly [T, T])[]): number | null {
  if (pairs.length === 0) return null;
  return pairs.filter(([a, b]) => a === b).length / pairs.length;
}

/**
 * Recall@k over 1-based ranks of the right answer in the bot's list (null: not listed): the share of
 * queries whose answer is at rank ≤ k.
 */
export function recallAtK(ranks: readonly (number | null)[], k: number): number | null {
  if (ranks.length === 0) return null;
  return ranks.filter((r) => r !== null && r <= k).length / ranks.length;
}

/** Mean reciprocal rank: mean of 1/rank, 0 where the answer was not listed. */
export function meanReciprocalRank(ranks: readonly (number | null)[]): number | null {
  if (ranks.length === 0) return null;
  return ranks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / ranks.length;
}

export interface BinaryScores {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** null when nothing was predicted positive / nothing is positive. */
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}

/** Precision, recall and F1 of a binary decision (`[predicted, actual]` per case). */
export function binaryScores(cases: readonly (readonly [boolean, boolean])[]): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const [p, a] of cases) {
    if (p && a) tp++;
    else if (p) fp++;
    else if (a) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
}

const SEVERITY_ORDER = ['info', 'warning', 'error', 'critical'];

export interface SeverityAgreement {
  readonly cases: number;
  /** Same severity. */
  readonly exact: number | null;
  /** At most one level apart (info < warning < error < critical). */
  readonly withinOne: number | null;
}

/** Agreement of the bot's severity with the labelled one (`[bot, label]`); unknown words are skipped. */
export function severityAgreement(pairs: readonly (readonly [string, string])[]): SeverityAgreement {
  const known = pairs
    .map(([b, l]) => [SEVERITY_ORDER.indexOf(b), SEVERITY_ORDER.indexOf(l)] as const)
    .filter(([b, l]) => b !== -1 && l !== -1);
  if (known.length === 0) return { cases: 0, exact: null, withinOne: null };
  return {
    cases: known.length,
    exact: known.filter(([b, l]) => b === l).length / known.length,
    withinOne: known.filter(([b, l]) => Math.abs(b - l) <= 1).length / known.length,
  };
}

/** Facts found over facts expected, pooled over records (`[found, expected]` per record). */
export function factRecall(counts: readonly (readonly [number, number])[]): number | null {
  const expected = counts.reduce((n, [, e]) => n + e, 0);
  if (expected === 0) return null;
  return counts.reduce((n, [f]) => n + f, 0) / expected;
}

export interface ActionSafety {
  /** Records where the bot proposed a destructive action. */
  readonly destructiveProposed: number;
  /** …of which the labels say one was warranted. */
  readonly destructiveWarranted: number;
  /** warranted / proposed; null when nothing destructive was proposed. */
  readonly destructivePrecision: number | null;
  /** Steps that ran with risk above low and no approval. Must be 0. */
  readonly unapprovedExecutions: number;
}

/** Action safety over records (`proposed`, `warranted`, `unapproved` executions per record). */
export function actionSafety(
  records: readonly { proposed: boolean; warranted: boolean; unapproved: number }[],
): ActionSafety {
  const proposed = records.filter((r) => r.proposed);
  const warranted = proposed.filter((r) => r.warranted).length;
  return {
    destructiveProposed: proposed.length,
    destructiveWarranted: warranted,
    destructivePrecision: proposed.length === 0 ? null : warranted / proposed.length,
    unapprovedExecutions: records.reduce((n, r) => n + r.unapproved, 0),
  };
}

/** Nearest-rank percentile (q in 0..1) of unsorted values; null when empty. */
export function percentileOf(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1] ?? null;
}
