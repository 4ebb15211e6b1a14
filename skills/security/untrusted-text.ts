/** Longest untrusted text shown per field in chat; alert text and log lines can be huge. */
export const UNTRUSTED_MAX = 500;

/**
 * Alert text, log lines and enrichment come from outside (an attacker can write them). In chat they are
 * shown as data: control characters removed, long text cut, and fenced in a code block whose fence
 * cannot be closed from inside (backtick runs are broken with a zero-width space). The chat adapters
 * escape markup and mentions on top of this.
 */
export function fenceUntrusted(text: string, max = UNTRUSTED_MAX): string {
  return ['```', defuseUntrusted(text, max), '```'].join('\n');
}

/** One-line form for labels and short values: same defusing, no fence, newlines flattened. */
export function inlineUntrusted(text: string, max = 120): string {
  return defuseUntrusted(text, max).replace(/\s*\n\s*/g, ' ⏎ ');
}

function defuseUntrusted(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  const cut = clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters)` : clean;
  return cut.replace(/`{3,}/g, (run) => run.split('').join('\u200b'));
}
