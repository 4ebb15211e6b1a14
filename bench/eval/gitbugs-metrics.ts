/** Ranking quality of a duplicate search: where the first earlier twin appears in each result list. */
export interface RankingScores {
  readonly pairs: number;
  readonly recallAt1: number;
  readonly recallAt5: number;
  readonly recallAt10: number;
  /** Mean reciprocal rank over the top `depth` results (0 when no twin is listed). */
  readonly mrr: number;
}

/** `ranks[i]` is the 1-based rank of query i's first twin, or undefined when it is not listed. */
export function rankingScores(ranks: readonly (number | undefined)[]): RankingScores {
  const n = ranks.length;
  const share = (f: (r: number) => boolean) =>
    n === 0 ? 0 : round(ranks.filter((r) => r !== undefined && f(r)).length / n);
  const mrr = n === 0 ? 0 : ranks.reduce<number>((s, r) => s + (r === undefined ? 0 : 1 / r), 0) / n;
  return {
    pairs: n,
    recallAt1: share((r) => r === 1),
    recallAt5: share((r) => r <= 5),
    recallAt10: share((r) => r <= 10),
    mrr: round(mrr),
  };
}

export interface BinaryScores {
  readonly positives: number;
  readonly predicted: number;
  readonly truePositives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function binaryScores(items: readonly { actual: boolean; predicted: boolean }[]): BinaryScores {
  const positives = items.filter((i) => i.actual).length;
  const predicted = items.filter((i) => i.predicted).length;
  const truePositives = items.filter((i) => i.actual && i.predicted).length;
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = positives === 0 ? 0 : truePositives / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    positives,
    predicted,
    truePositives,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
