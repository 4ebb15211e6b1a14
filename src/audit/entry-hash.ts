import { canonicalJson, sha256Hex, type AuditEntry } from '../core/index.js';

/** The `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Omit<AuditEntry, 'hash' | 'signature' | 'data'>;

/**
 * The SHA-256 (hex) of an entry's content: every field except `hash` and `signature`, as canonical
 * JSON, so key order and absent optional fields never change it.
 */
export function entryHash(entry: Omit<AuditEntry, 'hash' | 'signature'>): string {
  return entryHashWithData(entry, canonicalJson(entry.data));
}

/**
 * The same hash from the canonical text of `data` (as the ledger stores it), without parsing it: the
 * canonical JSON of the whole entry, written field by field in sorted key order.
 */
export function entryHashWithData(entry: HashedFields, dataText: string | undefined): string {
  let out = '{';
  const add = (key: string, text: string | undefined): void => {
    if (text === undefined) return;
    out += `${out.length === 1 ? '' : ','}"${key}":${text}`;
  };
  add('actor', canonicalJson(entry.actor));
  add('at', canonicalJson(entry.at));
  add('batch', canonicalJson(entry.batch));
  add('data', dataText);
  add('incidentId', canonicalJson(entry.incidentId));
  add('kind', canonicalJson(entry.kind));
  add('prevHash', canonicalJson(entry.prevHash));
  add('runId', canonicalJson(entry.runId));
  add('seq', canonicalJson(entry.seq));
  add('subject', canonicalJson(entry.subject));
  return sha256Hex(`${out}}`);
}
