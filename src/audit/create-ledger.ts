import { sign, type KeyObject } from 'node:crypto';
import {
  WatchkeeperError,
  canonicalJson,
  type AuditEntry,
  type AuditInput,
  type AuditLog,
  type AuditReader,
  type AuditRepository,
  type AuditVerification,
  type Clock,
} from '../core/index.js';
import { entryHashWithData, GENESIS_HASH } from './entry-hash.js';
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
  /** Nesting depth of `sealed` calls; inside, entries are stored unsigned until the batch ends. */
  let sealing = 0;
  let unsigned: AuditEntry | undefined;

  const signHash = (hash: string): string =>
    sign(null, Buffer.from(hash, 'utf8'), signingKey).toString('base64');

  function build(
    input: AuditInput,
    data: unknown,
    dataText: string,
    previous: AuditEntry | undefined,
  ): AuditEntry {
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
      ...(sealing > 0 ? { batch: true as const } : {}),
    };
    const hash = entryHashWithData(body, dataText);
    return { ...body, hash, signature: sealing > 0 ? '' : signHash(hash) };
  }

  /** Signs the last entry of a finished batch (a no-op in the store if the batch was rolled back). */
  function sealBatch(): void {
    const last = unsigned;
    unsigned = undefined;
    if (last !== undefined) repo.seal(last.seq, signHash(last.hash));
  }

  return {
    append(input: AuditInput): AuditEntry {
      // Canonical JSON is what is hashed and stored; `data` is what a reader will get back from it.
      const dataText = canonicalJson(redact(input.data)) ?? 'null';
      const data = JSON.parse(dataText) as unknown;
      if (head === null) head = repo.last();
      let entry = build(input, data, dataText, head);
      try {
        repo.insert(entry, dataText);
      } catch {
        head = repo.last();
        entry = build(input, data, dataText, head);
        repo.insert(entry, dataText);
      }
      head = entry;
      if (entry.signature === '') unsigned = entry;
      return entry;
    },
    sealed<T>(fn: () => T): T {
      sealing++;
      try {
        return fn();
      } finally {
        sealing--;
        if (sealing === 0) sealBatch();
      }
    },
    after: (seq, limit) => repo.after(seq, limit),
    forIncident: (incidentId) => repo.forIncident(incidentId),
    verify: (): AuditVerification => verifyEntries(repo.iterateStored(), publicPem),
    publicKeyPem: () => publicPem,
  };
}
