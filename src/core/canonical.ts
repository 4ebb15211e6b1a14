import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, no whitespace, members whose value JSON drops (`undefined`,
 * functions, symbols) left out, `toJSON` honoured as `JSON.stringify` does, so a value and its JSON
 * round trip give the same text. Hashes and signatures are computed over it so that key order never
 * changes a digest. Written out directly (no sorted copy) because it runs for every audit entry.
 */
export function canonicalJson(value: unknown): string {
  // Like JSON.stringify, a top-level value JSON cannot represent gives `undefined`.
  return write(value) as string;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint': // JSON.stringify throws on a bigint, as it should
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') return write((withToJson.toJSON as () => unknown)());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (write(value[i]) ?? 'null');
    return `${out}]`;
  }
  // Own keys only, read as own properties: an own `__proto__` member (alert payloads are attacker
  // controlled) is a plain member here, so tampering under it changes the digest.
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of sortedKeys(record)) {
    const text = write(record[key]);
    if (text === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Sorted keys, except that array-index keys ("0", "17") come first in numeric order: JavaScript
 * enumerates them so in every object, and the digests already stored were computed that way.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indexKeys = 0;
  while (indexKeys < keys.length && isArrayIndex(keys[indexKeys] as string)) indexKeys++;
  if (indexKeys === 0) return keys.sort();
  return [...keys.slice(0, indexKeys), ...keys.slice(indexKeys).sort()];
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4_294_967_295;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
