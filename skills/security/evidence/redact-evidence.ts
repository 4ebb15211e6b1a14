/** Keys whose values are credentials whatever they look like (event payloads carry such fields). */
const SECRET_KEY =
  /pass(word|wd)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|session[-_]?id/i;

export const EVIDENCE_REDACTED = '[REDACTED]';

/**
 * Evidence never carries secrets: values under credential-like keys are replaced, then every string
 * goes through the injected redactor (known secret values from config, token-shaped strings).
 */
export function redactEvidence<T>(value: T, redact: (v: unknown) => unknown): T {
  return redact(dropSecretKeys(value)) as T;
}

function dropSecretKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropSecretKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const secret = SECRET_KEY.test(k) && (typeof v === 'string' || typeof v === 'number');
      Object.defineProperty(out, k, {
        value: secret ? EVIDENCE_REDACTED : dropSecretKeys(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
