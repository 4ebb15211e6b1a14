import { sign, type KeyObject } from 'node:crypto';
import {
  WatchkeeperError,
  type AuditEntry,
  type AuditInput,
  type AuditLog,
  type AuditReader,
  type AuditRepository,
  type AuditVerification,
  type Clock,
} from '../core/index.js';
import { entryHash, GENESIS_HASH } from './entry-hash.js';
import { publicKeyPemOf } from './signing-key.js';
import { verifyEntries } from './verify-entries.js';

export interface LedgerOptions {
  readonly repo: AuditRepository;
  /** Ed25519 private key (see loadOrCreateSigningKey). */
  readonly signingKey: KeyObject;
  readonly clock: Clock;
  /** Applied to `data` before it is hashed, so secrets never enter the ledger. */
  readonly redact: (value: unknown) => unknown;
}

/**
 * The append-only, hash-chained, signed audit ledger. The head is cached after the first read because
 * append is on the hot path; the stored rows stay the truth for `verify`. If the cached head is stale
 * (another writer, or an outer transaction that rolled back), the store refuses the insert and the
 * ledger re-reads the head and retries once.
 */
export function createLedger(options: LedgerOptions): AuditLog & AuditReader {
  const { repo, signingKey, clock, redact } = options;
  if (signingKey.asymmetricKeyType !== 'ed25519' || signingKey.type !== 'private') {
    throw new WatchkeeperError('CONFIG_INVALID', 'the audit signing key must be an Ed25519 private key');
  }
  const publicPem = publicKeyPemOf(signingKey);
  /** `null` until the head was read once. */
  let head: AuditEntry | undefined | null = null;

  function build(input: AuditInput, data: unknown, previous: AuditEntry | undefined): AuditEntry {
    const body = {
      seq: (previous?.seq ?? 0) + 1,
      at: clock.now().toISOString(),
      kind: input.kind,
      actor: input.actor,
      ...(input.incidentId === undefined ? {} : { incidentId: input.incidentId }),
      ...(input.runId === undefined ? {} : { runId: input.runId }),
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      data,
      prevHash: previous?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(body);
    const signature = sign(null, Buffer.from(hash, 'utf8'), signingKey).toString('base64');
    return { ...body, hash, signature };
  }

  return {
    append(input: AuditInput): AuditEntry {
      const data = toStoredForm(redact(input.data));
      if (head === null) head = repo.last();
      let entry = build(input, data, head);
      try {
        repo.insert(entry);
      } catch {
        head = repo.last();
        entry = build(input, data, head);
        repo.insert(entry);
      }
      head = entry;
      return entry;
    },
    after: (seq, limit) => repo.after(seq, limit),
    forIncident: (incidentId) => repo.forIncident(incidentId),
    verify: (): AuditVerification => verifyEntries(repo.iterate(), publicPem),
    publicKeyPem: () => publicPem,
  };
}

/**
 * What the store will give back when the entry is read: plain JSON (Dates as strings, `undefined`
 * members dropped). Hashing this form keeps stored rows verifiable.
 */
function toStoredForm(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
