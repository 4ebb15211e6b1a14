import {
  WatchkeeperError,
  type AuditEntry,
  type AuditLog,
  type ExtraChatCommand,
  type IncidentRepository,
  type RunRepository,
} from '../core/index.js';
import { draftRetro } from './retro-draft.js';

export interface RetroCommandOptions {
  readonly incidents: IncidentRepository;
  readonly runs: RunRepository;
  readonly auditFor: (incidentId: string) => readonly AuditEntry[];
  readonly audit: AuditLog;
}

/**
 * `/wk retro <incident>`: drafts the retro and records its proposals in the ledger (kind `system`,
 * event `retro.drafted`) so they can be reviewed; nothing is changed by drafting.
 */
export function createRetroCommand(o: RetroCommandOptions): ExtraChatCommand {
  return async (args, principal) => {
    const id = args[0]?.toUpperCase();
    if (id === undefined) throw new WatchkeeperError('COMMAND_INVALID', 'usage: retro <incident id>');
    const incident = o.incidents.get(id);
    if (incident === undefined) throw new WatchkeeperError('NOT_FOUND', `no incident ${id}`);
    const draft = draftRetro(incident, o.runs.listByIncident(id), o.auditFor(id));
    o.audit.append({
      kind: 'system',
      actor: principal.id,
      incidentId: id,
      data: {
        event: 'retro.drafted',
        proposals: draft.proposals.map((p) => ({
          id: p.id,
          kind: p.kind,
          title: p.title,
          reason: p.reason,
          diff: p.diff,
          ...(p.change === undefined ? {} : { change: p.change, version: p.version }),
        })),
      },
    });
    return [{ text: draft.text }];
  };
}
