import { BOT_PRINCIPAL_ID, type AuditKind, type AuditLog, type RunRecord } from '../core/index.js';

/** Appends a ledger entry about a run (and its incident), acted by the bot unless said otherwise. */
export function auditRun(
  audit: AuditLog,
  run: RunRecord,
  kind: AuditKind,
  subject: string,
  data: unknown,
  actor: string = BOT_PRINCIPAL_ID,
): void {
  audit.append({
    kind,
    actor,
    runId: run.id,
    subject,
    ...(run.origin.incidentId === undefined ? {} : { incidentId: run.origin.incidentId }),
    data,
  });
}
