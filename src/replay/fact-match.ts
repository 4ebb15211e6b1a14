/**
 * The lexical fact judge (first written for the HolmesGPT bench, bench/eval/holmesgpt.ts, which
 * re-exports it): whether a text states an expected fact written as a sentence.
 */
const STOP = new Set(
  "this that with from have been which what when where there their they them about into than then also only must should would could does mention mentions is are was were the and for not but its it's pod pods may might intended experiencing".split(
    ' ',
  ),
);

/**
 * Whether a summary states an expected fact, lexically: every `backticked` term must appear, and at least
 * 60 % of the other content words (4+ letters, not stop words). A proxy for a human or LLM judge, kept
 * strict so it under- rather than over-counts.
 */
export function statesFact(summary: string, fact: string): boolean {
  const text = summary.toLowerCase();
  const quoted = [...fact.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').toLowerCase());
  if (!quoted.every((q) => text.includes(q))) return false;
  const words = fact
    .replace(/`[^`]+`/g, ' ')
    .toLowerCase()
    .split(/[^a-z0-9.-]+/)
    .filter((w) => w.length >= 4 && !STOP.has(w));
  if (words.length === 0) return quoted.length > 0;
  const hit = words.filter((w) => text.includes(w.replace(/s$/, ''))).length;
  return hit / words.length >= 0.6;
}
