export const AUDIT_KINDS = [
  'signal',
  'incident',
  'plan',
  'decision',
  'approval.requested',
  'approval.vote',
  'approval.decided',
  'tool.call',
  'tool.result',
  'step.state',
  'command',
  'system',
  /** An exported evidence bundle's SHA-256, so a tampered export is detectable. */
  'evidence',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What a caller appends; the ledger adds sequence, time, chain hash and signature. */
export interface AuditInput {
  readonly kind: AuditKind;
  readonly actor: string;
  readonly incidentId?: string;
  readonly runId?: string;
  readonly subject?: string;
  readonly data: unknown;
}

export interface AuditEntry extends AuditInput {
  readonly seq: number;
  readonly at: string;
  readonly prevHash: string;
  /** Written inside a sealed batch (hashed, so it cannot be added later to excuse a missing signature). */
  readonly batch?: true;
  readonly hash: string;
  /**
   * Ed25519 over `hash`, base64. May be empty only for a `batch` entry: the batch's last entry is
   * signed and its signature vouches for the others through the hash chain.
   */
  readonly signature: string;
}

/** An entry as stored, `data` still as its stored JSON text: verification hashes it without parsing. */
export interface StoredAuditEntry extends Omit<AuditEntry, 'data'> {
  readonly dataText: string;
}

/** Append-only. Redaction runs before the entry is hashed. */
export interface AuditLog {
  append(entry: AuditInput): AuditEntry;
  /**
   * Runs `fn`, signing only the last entry it appends (the hash chain binds the others to it). One
   * signature per batch instead of per entry is what lets intake keep up with alert storms. Run it inside
   * the store transaction of the batch, so a crash never leaves unsigned entries at the head.
   */
  sealed<T>(fn: () => T): T;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly count: number;
  readonly firstBad?: { readonly seq: number; readonly reason: string };
}

export interface AuditReader {
  after(seq: number, limit: number): AuditEntry[];
  forIncident(incidentId: string): AuditEntry[];
  verify(): AuditVerification;
  publicKeyPem(): string;
}
