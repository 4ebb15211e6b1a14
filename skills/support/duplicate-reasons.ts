/** Why two tickets look alike, in words an agent can check at a glance. */

const ERROR_PATTERNS: readonly RegExp[] = [
  /\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\b(?::[^\n]{0,80})?/g,
  /\b(?:error|err|fatal|failed)[:=]\s*[^\n]{4,80}/gi,
  /\bHTTP\s*[45]\d\d\b|\b[45]\d\d\s+(?:error|errors|status)\b|\b[45]\d\ds\b/gi,
  /\bE[A-Z]{3,}\b/g, // errno names: ECONNRESET, ETIMEDOUT
];
const VERSION = /\bv?\d+\.\d+(?:\.\d+)+\b/g;
const STOP = new Set(
  'the a an and or but for with without from into onto this that these those when then than have has had been being are was were will would can cannot could should not no yes our your their its it is on in at to of by as after before since about please help thanks issue problem ticket customer customers users user still again also some any all just very really get gets getting got'.split(
    ' ',
  ),
);

/** Error strings with numbers and ids masked, so `timeout after 3012 ms` matches `timeout after 2990 ms`. */
export function errorStrings(text: string): string[] {
  const out = new Set<string>();
  for (const re of ERROR_PATTERNS) for (const m of text.matchAll(re)) out.add(normaliseError(m[0]));
  return [...out].filter((s) => s.length >= 3);
}

function normaliseError(s: string): string {
  return s
    .toLowerCase()
    .replace(/0x[0-9a-f]+/g, '#')
    .replace(/\b[0-9a-f]{8,}\b/g, '#')
    .replace(/(?<![45])\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Equal, or one the start of the other, or a long common start: messages often differ only in their tails. */
function sameError(a: string, b: string): boolean {
  if (a === b || a.startsWith(b) || b.startsWith(a)) return Math.min(a.length, b.length) >= 6;
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n >= 24;
}

export function versions(text: string): string[] {
  return [...new Set([...text.matchAll(VERSION)].map((m) => m[0].replace(/^v/, '')))];
}

/** Words that carry meaning (no stop words, at least 4 letters), lowercased and lightly stemmed. */
export function symptomWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => w.replace(/(?:ing|ed|es|s)$/, '')));
}

export interface Comparable {
  readonly title: string;
  readonly body: string;
  readonly service?: string;
}

/**
 * The reasons a and b look like one problem: the same error string, the same service and symptom,
 * the same version. Empty when nothing specific is shared (the score alone then says "similar text").
 */
export function duplicateReasons(a: Comparable, b: Comparable): string[] {
  const reasons: string[] = [];
  const ea = errorStrings(`${a.title}\n${a.body}`);
  const eb = new Set(errorStrings(`${b.title}\n${b.body}`));
  const sharedError = ea.find((e) => [...eb].some((f) => sameError(e, f)));
  if (sharedError !== undefined) reasons.push(`same error string "${sharedError.slice(0, 80)}"`);
  const wa = symptomWords(`${a.title} ${a.body.slice(0, 300)}`);
  const wb = symptomWords(`${b.title} ${b.body.slice(0, 2000)}`);
  const shared = [...wa].filter((w) => wb.has(w)).slice(0, 3);
  if (a.service !== undefined && a.service === b.service)
    reasons.push(
      shared.length > 0
        ? `same service ${a.service} and symptom (${shared.join(', ')})`
        : `same service ${a.service}`,
    );
  else if (shared.length >= 2) reasons.push(`same symptom (${shared.join(', ')})`);
  const va = versions(`${a.title} ${a.body}`);
  const vb = new Set(versions(`${b.title} ${b.body}`));
  const v = va.find((x) => vb.has(x));
  if (v !== undefined) reasons.push(`same version ${v}`);
  return reasons;
}
