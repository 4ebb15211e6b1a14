import type { MemoryTerms } from '../core/index.js';

const MAX_ITEMS = 3;

function words(s: string): string[] {
  return s === '' ? [] : s.split(' ');
}

const VERSION = /^v\d+(_\d+)+$/;
// `CVE-2020-8840`, `HADOOP-16882`: a key and a number of 3 digits or more.
const REFERENCE = /^([a-z][a-z0-9]*)_(\d{3,}(?:_\d+)?)$/;
const HOST = /_(com|org|net|gov|edu|io|dev|apache_org)$/;
// `FrameworkMethod$1`'s `_1`: anonymous classes and similar artefacts say nothing to a reader.
const ARTEFACT = /(^|_)\d{1,2}(_|$)/;

/** How an identifier reads to a human: `webserver_servicestart` → `webserver.servicestart`. */
function show(ident: string): string {
  if (VERSION.test(ident)) return ident.slice(1).replace(/_/g, '.');
  const ref = REFERENCE.exec(ident);
  if (ref !== null) return `${ref[1]!.toUpperCase()}-${ref[2]!.replace('_', '-')}`;
  return ident.replace(/_/g, '.');
}

function kindOf(ident: string): string | undefined {
  if (VERSION.test(ident)) return 'version';
  if (REFERENCE.test(ident)) return 'reference';
  if (HOST.test(ident) || ARTEFACT.test(ident)) return undefined;
  if (/(exception|error)$/.test(ident)) return 'error';
  if (/^[a-z0-9]+(_[a-z0-9]+){2,}$/.test(ident)) return 'setting';
  if (ident.includes('_')) return 'code path';
  return 'identifier';
}

/**
 * A short, human-readable reason why a candidate matched: the identifiers both texts name (errors,
 * stack frames, settings, references such as CVE ids), else the title words they share.
 */
export function describeMatch(query: MemoryTerms, candidate: MemoryTerms): string {
  const theirs = new Set(words(candidate.idents));
  const shared = [...new Set(words(query.idents).filter((i) => theirs.has(i)))];
  const parts: string[] = [];
  for (const kind of ['error', 'code path', 'reference', 'setting', 'identifier', 'version']) {
    const items = shared.filter((i) => kindOf(i) === kind).slice(0, MAX_ITEMS);
    if (items.length > 0)
      parts.push(`same ${kind}${items.length > 1 ? 's' : ''} ${items.map(show).join(', ')}`);
  }
  if (parts.length > 0) return parts.slice(0, 3).join('; ');
  const titleWords = new Set(words(candidate.title));
  const common = [...new Set(words(query.title).filter((w) => titleWords.has(w)))].slice(0, 5);
  if (common.length > 0) return `similar summary: ${common.join(', ')}`;
  return 'similar wording';
}
