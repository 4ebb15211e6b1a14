/** Small, dependency-free evaluation metrics. */
export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryScores extends BinaryCounts {
  precision: number;
  recall: number;
  f1: number;
}

export function binaryScores(c: BinaryCounts): BinaryScores {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision: r4(precision), recall: r4(recall), f1: r4(f1) };
}

/** Average ranks (ties share the mean rank), 1-based. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson correlation of the average ranks. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return dx === 0 || dy === 0 ? 0 : r4(num / Math.sqrt(dx * dy));
}

/** ROC-AUC by the rank-sum (Mann–Whitney) formula; ties count half. */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  const r = ranks(scores);
  let sum = 0;
  let p = 0;
  for (let i = 0; i < r.length; i++) {
    if (positive[i]) {
      sum += r[i]!;
      p++;
    }
  }
  const n = r.length - p;
  return p === 0 || n === 0 ? 0 : r4((sum - (p * (p + 1)) / 2) / (p * n));
}

/** Micro-averaged precision/recall/F1 of predicted vs expected label sets. */
export function microF1(
  pairs: readonly { predicted: readonly string[]; expected: readonly string[] }[],
): BinaryScores {
  const c: BinaryCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { predicted, expected } of pairs) {
    const p = new Set(predicted);
    const e = new Set(expected);
    for (const x of p)
      if (e.has(x)) c.tp++;
      else c.fp++;
    for (const x of e) if (!p.has(x)) c.fn++;
  }
  return binaryScores(c);
}

export const r4 = (n: number): number => Math.round(n * 10_000) / 10_000;
