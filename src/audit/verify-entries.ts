import {
  canonicalJson,
  type AuditEntry,
  type AuditVerification,
  type StoredAuditEntry,
} from '../core/index.js';
import { entryHash, entryHashWithData, GENESIS_HASH } from './entry-hash.js';
import { SignaturePool, type SignaturePoolOptions } from './signature-pool.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A ledger this long starts the signature workers early, so they are ready when signatures come. */
const WARM_AT = 2000;

/**
 * Checks a ledger from its first entry: sequence continuity (1, 2, 3… with no gap or duplicate), each
 * entry's hash against its recomputed content, the link to the previous entry, and every Ed25519
 * signature present. An entry without one (inside a sealed batch) must be followed by a signed entry,
 * whose signature covers it through the chain; unsigned entries at the end fail, so nobody can append
 * without the key. Pure, so the live ledger and an offline export are verified by the same code.
 * `firstBad` names the first entry that fails and why; `count` is how many entries were read.
 *
 * Signature checks (the costly part) run on worker threads while this thread reads and hashes, see
 * {@link SignaturePool}; the outcome is the same as checking in order: the lowest failing entry wins,
 * and an entry whose hash or link already fails is reported for that, not for its signature.
 */
export function verifyEntries(
  entries: Iterable<AuditEntry | StoredAuditEntry>,
  publicKeyPem: string,
  options: SignaturePoolOptions = {},
): AuditVerification {
  let pool: SignaturePool;
  try {
    pool = new SignaturePool(publicKeyPem, options);
  } catch {
    return { ok: false, count: 0, firstBad: { seq: 0, reason: 'invalid public key' } };
  }
  try {
    return verifyWith(entries, pool);
  } finally {
    pool.close();
  }
}

function verifyWith(
  entries: Iterable<AuditEntry | StoredAuditEntry>,
  pool: SignaturePool,
): AuditVerification {
  let count = 0;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let firstBad: { seq: number; reason: string } | undefined;
  /** First entry of the current run of unsigned entries. */
  let unsignedFrom: number | undefined;
  for (const entry of entries) {
    count++;
    if (count === WARM_AT) pool.warm();
    if (firstBad !== undefined) continue;
    const problem = checkEntry(entry, expected, prevHash, pool);
    if (problem !== undefined) {
      firstBad = problem;
      continue;
    }
    if (entry.signature === '' && entry.batch === true) unsignedFrom ??= entry.seq;
    else unsignedFrom = undefined;
    expected = entry.seq + 1;
    prevHash = entry.hash;
  }
  if (firstBad === undefined && unsignedFrom !== undefined)
    firstBad = { seq: unsignedFrom, reason: 'unsigned entries at the end of the ledger' };
  // Every queued signature belongs to an entry before `firstBad`, so a bad one comes first.
  const badSignature = pool.finish();
  if (badSignature !== undefined) firstBad = { seq: badSignature, reason: 'bad signature' };
  return firstBad === undefined ? { ok: true, count } : { ok: false, count, firstBad };
}

function checkEntry(
  entry: AuditEntry | StoredAuditEntry,
  expected: number,
  prevHash: string,
  pool: SignaturePool,
): { seq: number; reason: string } | undefined {
  const seq = entry.seq;
  if (typeof seq !== 'number' || seq !== expected) {
    // A missing entry is named by the number that is missing; a duplicate or stray by its own.
    const named = typeof seq === 'number' && Number.isInteger(seq) && seq > expected ? expected : seq;
    return { seq: typeof named === 'number' ? named : expected, reason: 'sequence gap' };
  }
  if (typeof entry.hash !== 'string' || !hashMatches(entry)) return { seq, reason: 'hash mismatch' };
  if (entry.prevHash !== prevHash) {
    return { seq, reason: `broken chain: prevHash does not match entry ${seq - 1}` };
  }
  // Only an entry hashed as part of a sealed batch may go unsigned; the batch's last entry signs for it.
  if (entry.signature === '' && entry.batch === true) return undefined;
  const bytes = signatureBytes(entry.signature);
  if (bytes === undefined) return { seq, reason: 'bad signature' };
  pool.add(seq, entry.hash, bytes);
  return undefined;
}

/**
 * Stored entries are hashed from their data text as is (the ledger writes canonical JSON); text that is
 * valid but not canonical (rows written before, or re-spaced by hand) is parsed and hashed canonically.
 */
function hashMatches(entry: AuditEntry | StoredAuditEntry): boolean {
  if (!('dataText' in entry)) return entryHash(entry) === entry.hash;
  if (entryHashWithData(entry, entry.dataText) === entry.hash) return true;
  return entryHashWithData(entry, canonicalJson(parseLenient(entry.dataText))) === entry.hash;
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The 64 bytes of an Ed25519 signature in canonical base64, or undefined for anything else. */
function signatureBytes(signature: unknown): Buffer | undefined {
  if (typeof signature !== 'string' || !BASE64.test(signature)) return undefined;
  const bytes = Buffer.from(signature, 'base64');
  // Base64 decoding ignores stray padding bits; only the canonical spelling of a signature counts.
  if (bytes.length !== 64 || bytes.toString('base64') !== signature) return undefined;
  return bytes;
}
