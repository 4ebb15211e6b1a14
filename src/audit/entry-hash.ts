import * as nodeCrypto from 'node:crypto';
import { canonicalJson, type AuditEntry } from '../core/index.js';

/** The `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Omit<AuditEntry, 'hash' | 'signature' | 'data'>;

/**
 * SHA-256 hex of a string. The one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object and is
 * about twice as fast for entry-sized input, which matters because verify hashes every entry.
 */
const sha256Hex: (text: string) => string =
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha256', text, 'hex')
    : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

/**
 * The SHA-256 (hex) of an entry's content: every field except `hash` and `signature`, as canonical
 * JSON, so key order and absent optional fields never change it.
 */
export function entryHash(entry: Omit<AuditEntry, 'hash' | 'signature'>): string {
  return entryHashWithData(entry, canonicalJson(entry.data));
}

/** Canonical JSON of a scalar field; strings (nearly every field) skip the generic writer. */
function field(value: unknown): string | undefined {
  return typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
}

/**
 * The same hash from the canonical text of `data` (as the ledger stores it), without parsing it: the
 * canonical JSON of the whole entry, written field by field in sorted key order. Absent fields
 * (`undefined`) are left out, as canonical JSON leaves them out. Written without helper closures
 * because verify runs it for every entry.
 */
export function entryHashWithData(entry: HashedFields, dataText: string | undefined): string {
  const parts: string[] = [];
  push(parts, 'actor', field(entry.actor));
  push(parts, 'at', field(entry.at));
  if (entry.batch !== undefined) push(parts, 'batch', canonicalJson(entry.batch));
  push(parts, 'data', dataText);
  if (entry.incidentId !== undefined) push(parts, 'incidentId', field(entry.incidentId));
  push(parts, 'kind', field(entry.kind));
  push(parts, 'prevHash', field(entry.prevHash));
  if (entry.runId !== undefined) push(parts, 'runId', field(entry.runId));
  push(parts, 'seq', canonicalJson(entry.seq));
  if (entry.subject !== undefined) push(parts, 'subject', field(entry.subject));
  return sha256Hex(`{${parts.join(',')}}`);
}

function push(parts: string[], key: string, text: string | undefined): void {
  if (text !== undefined) parts.push(`"${key}":${text}`);
}
