/** A sparse TF-IDF vector: term → weight, and its Euclidean norm. */
export interface TermVector {
  readonly weights: ReadonlyMap<string, number>;
  readonly norm: number;
}

/**
 * Builds a vector from per-field term lists: each field's sublinear term frequency (1 + ln tf) times
 * the field's weight, summed over fields, times the term's inverse document frequency.
 */
export function termVector(
  fields: readonly (readonly string[])[],
  fieldWeights: readonly number[],
  idf: (term: string) => number,
): TermVector {
  const weights = new Map<string, number>();
  fields.forEach((terms, f) => {
    const fw = fieldWeights[f] ?? 0;
    if (fw === 0) return;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) weights.set(t, (weights.get(t) ?? 0) + fw * (1 + Math.log(n)));
  });
  let sq = 0;
  for (const [t, w] of weights) {
    const v = w * idf(t);
    weights.set(t, v);
    sq += v * v;
  }
  return { weights, norm: Math.sqrt(sq) };
}

export function cosine(a: TermVector, b: TermVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small.weights) {
    const o = large.weights.get(t);
    if (o !== undefined) dot += w * o;
  }
  return dot / (a.norm * b.norm);
}
