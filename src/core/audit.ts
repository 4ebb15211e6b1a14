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
  readonly hash: string;
  readonly signature: string;
}

/** Append-only. Redaction runs before the entry is hashed. */
export interface AuditLog {
  append(entry: AuditInput): AuditEntry;
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
