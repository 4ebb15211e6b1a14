import type {
  AuditLog,
  Incident,
  IncidentRepository,
  InboxRepository,
  Signal,
  ServiceContext,
  Skill,
  TriageVerdict,
} from '../core/index.js';
import { dependencyIncident } from './dependency-incident.js';

export interface FoldDeps {
  readonly inbox: InboxRepository;
  readonly incidents: IncidentRepository;
  readonly skills: readonly Skill[];
  readonly audit: AuditLog;
  /** The service map: alerts of services whose dependency already has an open incident join it. */
  readonly services?: ServiceContext;
}

export interface Folded {
  readonly signal: Signal;
  /** Undefined for a resolution of nothing we track. */
  readonly incident?: Incident;
  readonly opened: boolean;
  readonly resolved: boolean;
  /** The claiming skill's triage of a signal that would have opened an incident. */
  readonly verdict?: TriageVerdict;
}

/**
 * Folds one stored signal into its incident: the open incident of its group, or a new one claimed by
 * the first skill that wants it. Synchronous, so a batch of folds runs in one transaction; the
 * follow-ups (posting, planning) happen after the commit.
 */
export function foldSignal(d: FoldDeps, signal: Signal, at: string): Folded {
  const open =
    d.incidents.findOpen(signal.groupKey) ??
    (d.services === undefined ? undefined : dependencyIncident(d.incidents, d.services, signal, at));
  if (open === undefined && signal.status === 'resolved') {
    d.inbox.markProcessed(signal.id, null);
    return { signal, opened: false, resolved: false };
  }
  const skill =
    open === undefined ? d.skills.find((s) => s.claims(signal)) : d.skills.find((s) => s.id === open.skill);
  // Every signal of the skill is triaged, also those joining an open incident: triage keeps state
  // (repetition, brute-force bursts) and its verdict belongs in the audit entry either way.
  const verdict = signal.status === 'firing' ? skill?.triage?.(signal) : undefined;
  if (open === undefined && verdict !== undefined && !verdict.openIncident) {
    // Recorded and counted, not paged: the audit entry keeps the verdict and its reasons.
    d.inbox.markProcessed(signal.id, null);
    d.audit.append({
      kind: 'signal',
      actor: signal.source,
      subject: signal.id,
      data: { ...signalData(signal), triage: verdictData(verdict), skill: skill?.id ?? null },
    });
    return { signal, opened: false, resolved: false, verdict };
  }
  const target =
    open ??
    d.incidents.create({
      groupKey: signal.groupKey,
      title: signal.summary,
      skill: skill?.id ?? null,
      severity: verdict?.severity ?? signal.severity,
      labels: { ...signal.labels, ...verdict?.labels },
      at,
    });
  let incident = d.incidents.attachSignal(target.id, signal);
  d.inbox.markProcessed(signal.id, target.id);
  d.audit.append({
    kind: 'signal',
    actor: signal.source,
    incidentId: target.id,
    subject: signal.id,
    data: { ...signalData(signal), ...(verdict === undefined ? {} : { triage: verdictData(verdict) }) },
  });
  const resolved = signal.status === 'resolved' && d.incidents.firingCount(target.id) === 0;
  if (resolved) incident = d.incidents.setStatus(target.id, 'resolved', at);
  return {
    signal,
    incident,
    opened: open === undefined,
    resolved,
    ...(verdict === undefined ? {} : { verdict }),
  };
}

function signalData(signal: Signal): Record<string, unknown> {
  return {
    source: signal.source,
    status: signal.status,
    severity: signal.severity,
    fingerprint: signal.fingerprint,
    labels: signal.labels,
    summary: signal.summary,
  };
}

function verdictData(v: TriageVerdict): Record<string, unknown> {
  return {
    verdict: v.verdict,
    confidence: v.confidence,
    severity: v.severity,
    reasons: v.reasons,
    openIncident: v.openIncident,
    ...(v.labels === undefined ? {} : { labels: v.labels }),
  };
}
