import { canonicalJson, sha256Hex, type AuditEntry } from '../core/index.js';

/** The `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The SHA-256 (hex) of an entry's content: every field except `hash` and `signature`, as canonical
 * JSON, so key order and absent optional fields never change it.
 */
export function entryHash(entry: Omit<AuditEntry, 'hash' | 'signature'>): string {
  return sha256Hex(
    canonicalJson({
      seq: entry.seq,
      at: entry.at,
      kind: entry.kind,
      actor: entry.actor,
      incidentId: entry.incidentId,
      runId: entry.runId,
      subject: entry.subject,
      data: entry.data,
      prevHash: entry.prevHash,
    }),
  );
}
