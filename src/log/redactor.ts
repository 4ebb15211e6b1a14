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

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    for (const p of TOKEN_PATTERNS) out = out.replace(p, REDACTED);
    return out;
  }

  /** Deep copy of `value` with every string redacted. */
  value<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value !== null && typeof value === 'object') {
      if (value instanceof Error) return { name: value.name, message: this.text(value.message) };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }
}
