import type { AuditLog, Clock } from '../../../src/core/index.js';
import { buildEvidenceBody, evidenceHash } from './build-evidence-bundle.js';
import type { EvidenceBundle, EvidenceRecords } from './evidence-types.js';
import { renderEvidenceMarkdown } from './render-evidence-markdown.js';
import { verifyEvidenceBundle } from './verify-evidence-bundle.js';
import type { EvidenceVerification } from './verify-evidence-bundle.js';

export interface EvidenceServiceOptions {
  readonly records: EvidenceRecords;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** The app's redactor (known secrets, token shapes); credential-like keys are dropped on top. */
  readonly redact: (value: unknown) => unknown;
}

export interface EvidenceExport {
  readonly bundle: EvidenceBundle;
  readonly json: string;
  readonly markdown: string;
}

export interface EvidenceService {
  /** Builds the incident's bundle and records its SHA-256 in the audit ledger (throws NOT_FOUND). */
  exportBundle(incidentId: string, actor: string): EvidenceExport;
  /** Checks an exported bundle (parsed JSON) against its incident's ledger entries. */
  verify(exported: unknown): EvidenceVerification;
}

/**
 * Evidence bundles per incident (`/wk sec evidence <incident>`, `GET /api/incidents/:id/evidence`).
 * Every export appends an `evidence` ledger entry with the bundle and artefact hashes, so an exported
 * file that was edited later no longer matches what the signed ledger says was handed out.
 */
export function createEvidenceService(options: EvidenceServiceOptions): EvidenceService {
  const { records, audit, clock, redact } = options;
  return {
    exportBundle(incidentId, actor) {
      const body = buildEvidenceBody(records, incidentId, { now: clock.now().toISOString(), redact });
      const bundleSha256 = evidenceHash(body);
      const entry = audit.append({
        kind: 'evidence',
        actor,
        incidentId: body.incident.id,
        subject: body.incident.id,
        data: {
          bundleSha256,
          schema: body.schema,
          generatedAt: body.generatedAt,
          events: body.events.length,
          actions: body.actions.length,
          artefacts: body.artefacts.map((a) => ({ name: a.name, sha256: a.sha256 })),
        },
      });
      const bundle: EvidenceBundle = {
        ...body,
        integrity: { algorithm: 'sha256', bundleSha256, auditSeq: entry.seq },
      };
      return {
        bundle,
        json: `${JSON.stringify(bundle, null, 2)}\n`,
        markdown: renderEvidenceMarkdown(bundle),
      };
    },
    verify(exported) {
      const incident = (exported as { incident?: { id?: unknown } } | null)?.incident?.id;
      const ledger = typeof incident === 'string' ? records.audit(incident) : [];
      return verifyEvidenceBundle(exported, ledger);
    },
  };
}
