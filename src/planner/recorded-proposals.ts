import { z } from 'zod';
import { RISKS, type AuditEntry, type PlaybookChange } from '../core/index.js';
import type { RecordedProposal } from './playbook-revision-tools.js';

const changeSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('remove_step'),
    playbook: z.string(),
    index: z.number().int().min(0),
    tool: z.string(),
  }),
  z.object({
    op: z.literal('raise_risk'),
    playbook: z.string(),
    index: z.number().int().min(0),
    tool: z.string(),
    to: z.enum(RISKS),
  }),
  z.object({
    op: z.literal('add_step'),
    playbook: z.string(),
    at: z.number().int().min(0),
    step: z.object({
      tool: z.string(),
      input: z.record(z.string(), z.unknown()),
      rationale: z.string(),
      suggestedRisk: z.enum(RISKS).optional(),
    }),
  }),
]);

const draftedSchema = z.object({
  event: z.literal('retro.drafted'),
  proposals: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      change: changeSchema.optional(),
      version: z.number().int().min(1).optional(),
    }),
  ),
});

/** `INC-7-P2` → `INC-7`: a proposal id is its incident's id plus the proposal's number. */
export function incidentOfProposal(id: string): string | undefined {
  return /^(.+)-P\d+$/i.exec(id)?.[1]?.toUpperCase();
}

/**
 * The newest `retro.drafted` record of a proposal in an incident's ledger entries. The ledger is where
 * the retro recorded what it proposed, so what is accepted is exactly what people could review.
 */
export function findRecordedProposal(
  entries: readonly AuditEntry[],
  id: string,
): RecordedProposal | undefined {
  const wanted = id.toUpperCase();
  for (const e of [...entries].sort((a, b) => b.seq - a.seq)) {
    if (e.kind !== 'system') continue;
    const parsed = draftedSchema.safeParse(e.data);
    if (!parsed.success) continue;
    const p = parsed.data.proposals.find((x) => x.id.toUpperCase() === wanted);
    if (p === undefined) continue;
    return {
      id: p.id,
      incidentId: e.incidentId ?? incidentOfProposal(p.id) ?? '',
      kind: p.kind,
      title: p.title,
      ...(p.change === undefined ? {} : { change: p.change as PlaybookChange }),
      ...(p.version === undefined ? {} : { version: p.version }),
    };
  }
  return undefined;
}
