import { z } from 'zod';
import { BOT_PRINCIPAL_ID, ToolError, WatchkeeperError } from '../../../src/core/index.js';
import type { Tool } from '../../../src/core/index.js';
import { defineSecurityReadTool } from '../define-security-read-tool.js';
import type { EvidenceService } from './create-evidence-service.js';

/**
 * `sec.evidence` (low): exports an incident's evidence bundle and says where to fetch it. The chat
 * message carries the hashes and counts, not the bundle (it can be large); the JSON and Markdown are
 * served by `GET /api/incidents/:id/evidence`.
 */
export function createEvidenceTool(service: EvidenceService): Tool<{ incident: string }> {
  return defineSecurityReadTool({
    name: 'sec.evidence',
    description: 'Export the evidence bundle of an incident (JSON + Markdown) and record its hash.',
    input: z.object({ incident: z.coerce.string().trim().toUpperCase().min(1).max(100) }),
    asset: (i) => i.incident,
    read: ({ incident }) => {
      try {
        // The orchestrator runs the step; who asked is in the run's audit entries.
        const { bundle } = service.exportBundle(incident, BOT_PRINCIPAL_ID);
        const b = bundle;
        return {
          ok: true,
          summary: [
            `evidence for ${b.incident.id}: ${b.events.length} event${b.events.length === 1 ? '' : 's'}, ${b.actions.length} action${b.actions.length === 1 ? '' : 's'}, ${b.artefacts.length} artefact${b.artefacts.length === 1 ? '' : 's'}, ${b.timeline.length} timeline entries`,
            `bundle sha256 ${b.integrity.bundleSha256} (audit seq ${b.integrity.auditSeq})`,
            `download: GET /api/incidents/${b.incident.id}/evidence (JSON) or ?format=md (Markdown)`,
          ].join('\n'),
          data: {
            incident: b.incident.id,
            bundleSha256: b.integrity.bundleSha256,
            auditSeq: b.integrity.auditSeq,
            artefacts: b.artefacts.map((a) => ({ name: a.name, sha256: a.sha256 })),
          },
        };
      } catch (err) {
        if (err instanceof WatchkeeperError && err.code === 'NOT_FOUND')
          throw new ToolError(err.message, false);
        throw err;
      }
    },
  });
}
