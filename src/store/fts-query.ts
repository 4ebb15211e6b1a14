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

const FIELDS = new Set(['title', 'body', 'idents']);

/**
 * An FTS5 query over already normalised index terms (lower-case letters, digits, `_`), ORed, plus
 * optionally one group that must all occur (`… OR ("a" AND "b")`). Anything else in a term is
 * dropped, so the query stays inert whatever the caller passes. A term with a field searches only
 * that column (`{title} : "x"`).
 */
export function toTermsQuery(
  terms: readonly { readonly term: string; readonly field?: string }[],
  allOf: readonly string[] = [],
): string | undefined {
  const clean = (term: string) => term.replace(/[^\p{L}\p{N}_]/gu, '');
  const parts = new Set<string>();
  for (const { term, field } of terms) {
    const c = clean(term);
    if (c === '') continue;
    parts.add(field !== undefined && FIELDS.has(field) ? `{${field}} : "${c}"` : `"${c}"`);
  }
  const group = [...new Set(allOf.map(clean).filter((c) => c !== ''))].map((c) => `"${c}"`);
  if (group.length === 1) parts.add(group[0]!);
  if (group.length > 1) parts.add(`(${group.join(' AND ')})`);
  return parts.size === 0 ? undefined : [...parts].join(' OR ');
}
