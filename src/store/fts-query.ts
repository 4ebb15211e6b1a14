const WORD = /[\p{L}\p{N}_]+/gu;
const MAX_TERMS = 32;

/**
 * Turns free text (an alert summary, a question typed in chat) into a safe FTS5 query: every word
 * becomes a quoted term, joined with OR so that partial overlap still ranks by BM25. Quotes, `*`,
 * `NEAR`, `AND`, column filters and unbalanced parentheses in user text are therefore inert.
 * Returns undefined when the text has no searchable word.
 */
export function toFtsQuery(text: string): string | undefined {
  const seen = new Set<string>();
  for (const match of text.matchAll(WORD)) {
    seen.add(match[0].toLowerCase());
    if (seen.size >= MAX_TERMS) break;
  }
  if (seen.size === 0) return undefined;
  return [...seen].map((w) => `"${w}"`).join(' OR ');
}
