import { WatchkeeperError, canonicalJson, sha256Hex } from '../../../src/core/index.js';
import type { AuditEntry, RunRecord, StepRecord } from '../../../src/core/index.js';
import { redactEvidence } from './redact-evidence.js';
import { EVIDENCE_SCHEMA } from './evidence-types.js';
import type {
  EvidenceAction,
  EvidenceArtefact,
  EvidenceBody,
  EvidenceRecords,
  EvidenceTimelineEntry,
} from './evidence-types.js';

/** SHA-256 of a value's canonical JSON: the hash of an artefact and of a bundle body. */
export function evidenceHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Collects an incident's evidence: triggering events (raw payloads attached as artefacts), enrichment
 * (triage verdicts and labels recorded at intake), the ledger timeline, and the actions taken with who
 * requested and approved them. Everything passes redaction before it is hashed, so the hashes cover
 * exactly what is exported. Throws NOT_FOUND for an unknown incident.
 */
export function buildEvidenceBody(
  records: EvidenceRecords,
  incidentId: string,
  options: { readonly now: string; readonly redact: (v: unknown) => unknown },
): EvidenceBody {
  const detail = records.incident(incidentId);
  if (detail === undefined) throw new WatchkeeperError('NOT_FOUND', `no incident ${incidentId}`);
  const { incident, signals, runs } = detail;
  const audit = records.audit(incident.id);
  const artefacts: EvidenceArtefact[] = [];
  const attach = (name: string, kind: EvidenceArtefact['kind'], raw: unknown): string => {
    const content = redactEvidence(raw ?? null, options.redact);
    artefacts.push({ name, kind, sha256: evidenceHash(content), content });
    return name;
  };

  const events = signals.map((s) => ({
    id: s.id,
    source: s.source,
    severity: s.severity,
    summary: s.summary,
    labels: s.labels,
    startsAt: s.startsAt,
    receivedAt: s.receivedAt,
    artefact: attach(`event-${s.id}.json`, 'event', s.raw),
  }));
  const enrichment = audit
    .filter((e) => e.kind === 'signal')
    .map((e) => ({ event: e.subject ?? '', ...signalEnrichment(e.data) }));
  const actions = runs.flatMap((run) => run.steps.map((step) => actionOf(records, run, step, attach)));

  const body: EvidenceBody = {
    schema: EVIDENCE_SCHEMA,
    generatedAt: options.now,
    incident: {
      id: incident.id,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      skill: incident.skill,
      labels: incident.labels,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
    },
    events,
    enrichment,
    timeline: audit.filter((e) => e.kind !== 'system').map(timelineEntry),
    actions,
    artefacts,
  };
  return redactEvidence(body, options.redact);
}

function actionOf(
  records: EvidenceRecords,
  run: RunRecord,
  step: StepRecord,
  attach: (name: string, kind: EvidenceArtefact['kind'], raw: unknown) => string,
): EvidenceAction {
  const votes = step.approvalId === null ? [] : (records.approval(step.approvalId)?.votes ?? []);
  const accepted = votes.filter((v) => v.accepted);
  const release =
    step.state === 'succeeded' && step.result !== null
      ? records.release?.(step.tool, step.input, step.result)
      : undefined;
  return {
    step: step.id,
    tool: step.tool,
    input: step.input,
    state: step.state,
    risk: step.risk,
    rule: step.decision?.rule ?? null,
    requestedBy: run.origin.principal,
    approvedBy: accepted.filter((v) => v.decision === 'approve').map((v) => v.principal),
    rejectedBy: accepted.filter((v) => v.decision === 'reject').map((v) => v.principal),
    result: step.result?.summary ?? step.error,
    ...(step.result === null
      ? {}
      : { resultArtefact: attach(`result-${step.id}.json`, 'tool-result', step.result) }),
    ...(release === undefined ? {} : { release }),
    at: step.updatedAt,
  };
}

function signalEnrichment(data: unknown): { triage?: unknown; labels?: unknown } {
  if (data === null || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  return {
    ...(d['triage'] === undefined ? {} : { triage: d['triage'] }),
    ...(d['labels'] === undefined ? {} : { labels: d['labels'] }),
  };
}

function timelineEntry(e: AuditEntry): EvidenceTimelineEntry {
  return { seq: e.seq, at: e.at, kind: e.kind, actor: e.actor, what: describe(e) };
}

/** One line per ledger entry: what happened, from the fields each kind records. */
function describe(e: AuditEntry): string {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const str = (k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.kind) {
    case 'signal':
      return `event ${e.subject ?? ''} received: ${str('summary')}`;
    case 'plan':
      return `plan proposed: ${str('goal') || str('playbook')}`;
    case 'decision':
      return `policy on ${str('tool')}: ${str('effect')} (${str('rule')}, risk ${str('risk')})`;
    case 'tool.call':
      return `tool called: ${str('tool')}`;
    case 'tool.result':
      return `tool result${d['dryRun'] === true ? ' (dry run)' : ''}: ${str('tool')} ${str('summary')}`.trim();
    default:
      return `${e.kind}${e.subject === undefined ? '' : ` ${e.subject}`}`;
  }
}
