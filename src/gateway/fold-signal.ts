import type {
  AuditLog,
  Incident,
  IncidentRepository,
  InboxRepository,
  Signal,
  Skill,
} from '../core/index.js';

export interface FoldDeps {
  readonly inbox: InboxRepository;
  readonly incidents: IncidentRepository;
  readonly skills: readonly Skill[];
  readonly audit: AuditLog;
}

export interface Folded {
  readonly signal: Signal;
  /** Undefined for a resolution of nothing we track. */
  readonly incident?: Incident;
  readonly opened: boolean;
  readonly resolved: boolean;
}

/**
 * Folds one stored signal into its incident: the open incident of its group, or a new one claimed by
 * the first skill that wants it. Synchronous, so a batch of folds runs in one transaction; the
 * follow-ups (posting, planning) happen after the commit.
 */
export function foldSignal(d: FoldDeps, signal: Signal, at: string): Folded {
  const open = d.incidents.findOpen(signal.groupKey);
  if (open === undefined && signal.status === 'resolved') {
    d.inbox.markProcessed(signal.id, null);
    return { signal, opened: false, resolved: false };
  }
  const target =
    open ??
    d.incidents.create({
      groupKey: signal.groupKey,
      title: signal.summary,
      skill: d.skills.find((s) => s.claims(signal))?.id ?? null,
      severity: signal.severity,
      labels: signal.labels,
      at,
    });
  let incident = d.incidents.attachSignal(target.id, signal);
  d.inbox.markProcessed(signal.id, target.id);
  d.audit.append({
    kind: 'signal',
    actor: signal.source,
    incidentId: target.id,
    subject: signal.id,
    data: {
      source: signal.source,
      status: signal.status,
      severity: signal.severity,
      fingerprint: signal.fingerprint,
      labels: signal.labels,
      summary: signal.summary,
    },
  });
  const resolved = signal.status === 'resolved' && d.incidents.firingCount(target.id) === 0;
  if (resolved) incident = d.incidents.setStatus(target.id, 'resolved', at);
  return { signal, incident, opened: open === undefined, resolved };
}
