import { STOPWORDS } from './stopwords.js';
import { stem } from './stem.js';

/** A text reduced to index terms: plain words (stemmed) and whole identifiers (exact, lower case). */
export interface AnalysedText {
  readonly words: readonly string[];
  readonly idents: readonly string[];
}

// Noise that carries no meaning for similarity: URLs' schemes, timestamps, hex, UUIDs, IPs, markup.
const NOISE: readonly RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g,
  /\b\d{1,2}:\d{2}:\d{2}([.,]\d+)?\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
  /\b0x[0-9a-f]+\b/gi,
  /\b[0-9a-f]{12,}\b/gi,
  /\b\d{1,3}(\.\d{1,3}){3}:\d+\b/g,
  /\b(\d{1,3}\.){0,3}\d{3}(\.\d{1,3}){0,3}\b(?<=(\d+\.){3}\d+)/g,
  /\{(code|noformat|quote|panel|color)(:[^}]*)?\}/gi,
  /\bhttps?:\/\//gi,
];

// `CVE-2020-8840`, `HADOOP-16882`, `bug 752376`: references that name the same thing wherever they appear.
const REFERENCE = /\b([A-Z][A-Z0-9]{1,15})-(\d{1,7})(?:-(\d{1,7}))?\b/g;
// Dotted, `#`, `::` or `/`-joined names: `org.apache.hadoop.fs.FileSystem`, `Class#method`, `fs.s3a.endpoint`.
const COMPOUND = /[A-Za-z_$][\w$-]*(?:(?:\.|#|::)[A-Za-z_$][\w$-]*)+/g;
// Versions: `2.9.10.3`, `v4.1.45.Final`: kept exact and as major.minor, because patch levels often differ between twins.
const VERSION = /\bv?(\d+)\.(\d+)(?:\.\d+)*(?:[.-]?[A-Za-z]+\d*)?\b/g;
const FILE_EXTENSION = /^(java|scala|kt|py|js|ts|go|c|cc|cpp|h|xml|sh|json|yaml|yml|properties|log|txt)$/;
const TOKEN = /[\p{L}\p{N}_$]+/gu;

/** Splits `S3AInputStream`, `getFileStatus`, `ZSTD_inBuffer`, `HTTPServer2` into lower-case parts. */
export function splitIdentifier(token: string): string[] {
  return token
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[_$\s]+/)
    .map((p) => p.toLowerCase())
    .filter((p) => p.length > 0);
}

/** An identifier worth matching whole: mixed case, embedded digits or underscores (`NullPointerException`, `s3a`). */
function isIdentifier(token: string): boolean {
  if (token.length < 3) return false;
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token.slice(1));
  const alnum = /[a-zA-Z]/.test(token) && /\d/.test(token) && !/^\d/.test(token);
  return mixedCase || alnum || /[a-zA-Z]_[a-zA-Z]/.test(token);
}

function ident(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Turns free text (a ticket, an incident summary, a stack trace) into terms. Words are split out of
 * identifiers (`getFileStatus` → get, file, status), stemmed and stop-word filtered; numbers, line
 * numbers, timestamps and hashes are dropped. Identifiers (class names, exceptions, config keys,
 * stack frames as `class_method`, CVE and issue keys, versions as `v<major>_<minor>`) are kept whole,
 * because two reports of one bug share them even when their wording differs.
 */
export function analyseText(text: string): AnalysedText {
  const idents: string[] = [];
  let rest = text;
  for (const re of NOISE) rest = rest.replace(re, ' ');
  rest = rest.replace(REFERENCE, (_m, key: string, a: string, b: string | undefined) => {
    idents.push(ident(b === undefined ? `${key}_${a}` : `${key}_${a}_${b}`));
    return ` ${key} `;
  });
  rest = rest.replace(VERSION, (m: string, major: string, minor: string) => {
    const exact = /^v?(\d+(?:\.\d+)+)/.exec(m)?.[1] ?? '';
    if (exact.split('.').length > 2) idents.push(`v${exact.replace(/\./g, '_')}`);
    idents.push(`v${major}_${minor}`);
    return ' ';
  });
  rest = rest.replace(COMPOUND, (m: string) => {
    const parts = m.split(/\.|#|::/).filter((p) => p.length > 0);
    const last = parts.at(-1) ?? '';
    const prev = parts.at(-2) ?? '';
    // A frame or `Class#method`: the class and method together name the code path.
    if (/^[A-Z]/.test(prev) && /^[a-z_$<]/.test(last) && !FILE_EXTENSION.test(last))
      idents.push(ident(`${prev}_${last}`));
    // A config key (all lower case, dotted): the whole key is the identifier.
    else if (parts.every((p) => /^[a-z0-9_-]+$/.test(p)) && parts.length >= 3) idents.push(ident(m));
    return ` ${parts.join(' ')} `;
  });
  const words: string[] = [];
  for (const match of rest.matchAll(TOKEN)) {
    const token = match[0];
    if (isIdentifier(token)) idents.push(ident(token));
    for (const part of splitIdentifier(token)) {
      if (part.length < 2 || /^\d+$/.test(part) || STOPWORDS.has(part)) continue;
      words.push(stem(part));
    }
  }
  return { words, idents: idents.filter((i) => i.length >= 3) };
}
