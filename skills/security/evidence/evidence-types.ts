import type {
  Approval,
  AuditEntry,
  IncidentDetail,
  ToolCallSpec,
  ToolResult,
} from '../../../src/core/index.js';

/** Version tag of the exported bundle's shape. */
export const EVIDENCE_SCHEMA = 'watchkeeper.evidence/v1';

/** Where a bundle's facts come from; the composition root wires the store and the ledger. */
export interface EvidenceRecords {
  incident(id: string): IncidentDetail | undefined;
  /** The ledger entries about the incident, in sequence order. */
  audit(incidentId: string): readonly AuditEntry[];
  approval(id: string): Approval | undefined;
  /** The release (rollback) call a succeeded step's tool proposes, from the tool catalogue. */
  release?(tool: string, input: unknown, result: ToolResult): ToolCallSpec | undefined;
}

/** An attached artefact: the content as stored, and the SHA-256 of its canonical JSON. */
export interface EvidenceArtefact {
  readonly name: string;
  readonly kind: 'event' | 'tool-result';
  readonly sha256: string;
  readonly content: unknown;
}

export interface EvidenceAction {
  readonly step: string;
  readonly tool: string;
  readonly input: unknown;
  readonly state: string;
  readonly risk: string | null;
  readonly rule: string | null;
  readonly requestedBy: string;
  readonly approvedBy: readonly string[];
  readonly rejectedBy: readonly string[];
  readonly result: string | null;
  readonly resultArtefact?: string;
  /** How to undo it: the tool's rollback call, for a succeeded step that changed something. */
  readonly release?: ToolCallSpec;
  readonly at: string;
}

export interface EvidenceTimelineEntry {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly actor: string;
  readonly what: string;
}

export interface EvidenceEvent {
  readonly id: string;
  readonly source: string;
  readonly severity: string;
  readonly summary: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly receivedAt: string;
  readonly artefact: string;
}

/** The bundle's body: everything the hash covers. */
export interface EvidenceBody {
  readonly schema: typeof EVIDENCE_SCHEMA;
  readonly generatedAt: string;
  readonly incident: {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly severity: string;
    readonly skill: string | null;
    readonly labels: Readonly<Record<string, string>>;
    readonly openedAt: string;
    readonly resolvedAt: string | null;
  };
  readonly events: readonly EvidenceEvent[];
  /** Triage verdicts and intel matches recorded when the events arrived. */
  readonly enrichment: readonly {
    readonly event: string;
    readonly triage?: unknown;
    readonly labels?: unknown;
  }[];
  readonly timeline: readonly EvidenceTimelineEntry[];
  readonly actions: readonly EvidenceAction[];
  readonly artefacts: readonly EvidenceArtefact[];
}

/** What is exported: the body plus its integrity record. */
export interface EvidenceBundle extends EvidenceBody {
  readonly integrity: {
    readonly algorithm: 'sha256';
    /** SHA-256 of the canonical JSON of the body (every field but `integrity`). */
    readonly bundleSha256: string;
    /** Sequence number of the ledger entry that recorded this hash. */
    readonly auditSeq: number;
  };
}
