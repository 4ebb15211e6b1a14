/**
 * Redaction on every way out: known secret values (from config) and token-shaped strings are
 * replaced before anything is logged, stored in the audit ledger, posted to chat or sent to a model.
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]{10,}/g, // Slack app-level tokens
  /sk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style keys
  /gh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\b[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}\b/g, // Discord bot tokens
  /syt_[A-Za-z0-9_]{10,}/g, // Synapse access tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /(?<=\b(?:[Bb]earer|[Tt]oken)\s)[A-Za-z0-9._~+/=-]{16,}/g,
];

/** All patterns at once: most strings hold no token, and one test is far cheaper than eight replaces. */
const ANY_TOKEN = new RegExp(TOKEN_PATTERNS.map((p) => `(?:${p.source})`).join('|'));

export const REDACTED = '[REDACTED]';

export class Redactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    // Longest first, so a secret containing another is replaced whole. Very short values would
    // redact ordinary words, so they are not treated as secrets.
    this.secrets = secrets
      .filter((s): s is string => s !== undefined && s.length >= 6)
      .sort((a, b) => b.length - a.length);
  }

  /** Adds secrets learnt at run time (leased credentials), before anything else can see them. */
  remember(values: readonly string[]): void {
    const fresh = values.filter((v) => v.length >= 6 && !this.secrets.includes(v));
    if (fresh.length === 0) return;
    this.secrets.push(...fresh);
    this.secrets.sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    if (!ANY_TOKEN.test(out)) return out;
    for (const p of TOKEN_PATTERNS) out = out.replace(p, REDACTED);
    return out;
  }

  /**
   * `value` with every string redacted. Copy-on-write: parts with nothing to redact are returned as they
   * are (the same objects), so the common case — an alert with no secret in it — allocates nothing.
   * Callers must treat the result as read-only, like the input.
   */
  value<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return this.walkArray(value);
    if (value !== null && typeof value === 'object') {
      if (value instanceof Error) return { name: value.name, message: this.text(value.message) };
      return this.walkObject(value as Record<string, unknown>);
    }
    return value;
  }

  private walkArray(value: readonly unknown[]): readonly unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const w = this.walk(v);
      if (w !== v) (out ??= value.slice())[i] = w;
    }
    return out ?? value;
  }

  private walkObject(value: Record<string, unknown>): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const v = value[k];
      const w = this.walk(v);
      if (w === v) continue;
      out ??= copyOwn(value);
      setOwn(out, k, w);
    }
    return out ?? value;
  }
}

/** A shallow copy that keeps an own `__proto__` key as a member. */
function copyOwn(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) setOwn(out, k, value[k]);
  return out;
}

/**
 * defineProperty, not assignment: an own `__proto__` key from a payload must stay a member, not become
 * the copy's prototype (which would drop it and let it pose as inherited fields).
 */
function setOwn(out: Record<string, unknown>, key: string, v: unknown): void {
  Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
}
