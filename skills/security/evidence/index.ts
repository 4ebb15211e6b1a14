/** Evidence bundles per incident: build, hash, record in the ledger, export (JSON + Markdown), verify. */
export { createEvidenceService } from './create-evidence-service.js';
export type { EvidenceExport, EvidenceService, EvidenceServiceOptions } from './create-evidence-service.js';
export { buildEvidenceBody, evidenceHash } from './build-evidence-bundle.js';
export { verifyEvidenceBundle } from './verify-evidence-bundle.js';
export type { EvidenceVerification } from './verify-evidence-bundle.js';
export { renderEvidenceMarkdown } from './render-evidence-markdown.js';
export { createEvidenceRoute } from './evidence-route.js';
export { createEvidenceTool } from './evidence-tool.js';
export { redactEvidence, EVIDENCE_REDACTED } from './redact-evidence.js';
export { EVIDENCE_SCHEMA } from './evidence-types.js';
export type {
  EvidenceAction,
  EvidenceArtefact,
  EvidenceBody,
  EvidenceBundle,
  EvidenceEvent,
  EvidenceRecords,
  EvidenceTimelineEntry,
} from './evidence-types.js';
