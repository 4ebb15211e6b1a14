import type { Incident, RunRecord, StepRecord } from '../core/index.js';
import type { ReplayRecord } from './replay-record.js';
import type { ReplayTarget } from './replay-target.js';

/** Tools whose effect is hard to undo or visible to people: their use must be warranted. */
export const DESTRUCTIVE_TOOL =
  /\.(rollback|isolate_host|disable_account|block_ip|ticket_close|close_ticket|restart|scale|delete\w*|quarantine\w*)$/;
/** States a step only reaches by running. */
const RAN: readonly StepRecord['state'][] = ['running', 'succeeded', 'failed', 'rolled_back', 'unknown'];

/** What the bot did with one record. */
export interface RecordOutcome {
  readonly id: string;
  readonly incidentId: string | null;
  /** This record opened its incident (rather than joining one). */
  readonly opened: boolean;
  readonly skill: string | null;
  readonly severity: string | null;
  /** 1-based rank of the labelled duplicate's incident in the bot's candidates; null: not listed. */
  readonly duplicateRank: number | null;
  readonly factsFound: number;
  readonly destructiveProposed: boolean;
  readonly unapprovedExecutions: number;
  /** Ingest → everything folded, planned and shown, milliseconds. */
  readonly responseMs: number;
}

export interface ReplayRunOptions {
  readonly target: ReplayTarget;
  /** Monotonic milliseconds (performance.now in production). */
  readonly now: () => number;
  /** Candidates considered for duplicate ranking. */
  readonly k?: number;
}

/**
 * Feeds records one by one, in order, through the target's real sources and pipeline and reads back
 * what happened to each. Sequential on purpose: "earlier twin" and time to first response only mean
 * something when each record meets the state the previous ones left.
 */
export async function runReplay(
  records: readonly ReplayRecord[],
  o: ReplayRunOptions,
): Promise<RecordOutcome[]> {
  const k = o.k ?? 5;
  const signalIncident = new Map<string, string>();
  const seenCounts = new Map<string, number>();
  const recordIncident = new Map<string, string>();
  const outcomes: RecordOutcome[] = [];
  let auditSeq = 0;
  for (const record of records) {
    const before = new Set(seenCounts.keys());
    const started = o.now();
    const { signalIds = [] } = o.target.ingest(record.source, record.body);
    await o.target.settle();
    const responseMs = o.now() - started;
    const incidents = o.target.incidents();
    for (const i of incidents) {
      if (seenCounts.get(i.id) === i.signalCount) continue;
      seenCounts.set(i.id, i.signalCount);
      for (const s of o.target.signals(i.id)) signalIncident.set(s.id, i.id);
    }
    // A signal its skill's triage closed opens no incident; its audit entry still names the skill.
    const claimed = new Map<string, string | null>();
    for (
      let batch = o.target.auditAfter?.(auditSeq, 1000) ?? [];
      batch.length > 0;
      batch = o.target.auditAfter?.(auditSeq, 1000) ?? []
    ) {
      for (const e of batch) {
        auditSeq = e.seq;
        const data = e.data as { skill?: unknown } | null;
        if (
          e.kind === 'signal' &&
          e.subject !== undefined &&
          data !== null &&
          typeof data === 'object' &&
          'skill' in data
        )
          claimed.set(e.subject, typeof data.skill === 'string' ? data.skill : null);
      }
    }
    const incidentId = signalIds.map((id) => signalIncident.get(id)).find((id) => id !== undefined) ?? null;
    const incident = incidentId === null ? undefined : incidents.find((i) => i.id === incidentId);
    if (incidentId !== null) recordIncident.set(record.id, incidentId);
    const opened = incidentId !== null && !before.has(incidentId);
    const runs = incident === undefined ? [] : o.target.runs(incident.id);
    outcomes.push({
      id: record.id,
      incidentId,
      opened,
      skill: incident?.skill ?? signalIds.map((id) => claimed.get(id)).find((v) => v !== undefined) ?? null,
      severity: incident?.severity ?? null,
      duplicateRank: duplicateRank(record, incident, recordIncident, o.target, k, opened),
      factsFound: factsFound(record, incident, o.target),
      destructiveProposed: opened && runs.some((r) => r.steps.some((s) => DESTRUCTIVE_TOOL.test(s.tool))),
      unapprovedExecutions: opened ? unapproved(runs) : 0,
      responseMs,
    });
  }
  return outcomes;
}

function duplicateRank(
  record: ReplayRecord,
  incident: Incident | undefined,
  recordIncident: ReadonlyMap<string, string>,
  target: ReplayTarget,
  k: number,
  opened: boolean,
): number | null {
  const twin = record.expect.duplicateOf;
  if (twin === undefined) return null;
  const want = recordIncident.get(twin);
  if (want === undefined) return null;
  // Folding into the twin's incident is the strongest "duplicate of" the bot can say: rank 1.
  const candidates: string[] = incident !== undefined && !opened ? [incident.id] : [];
  const text = incident?.title ?? summaryOf(record.body);
  for (const hit of target.similar?.(text, k + 1) ?? [])
    if (
      hit.incidentId !== undefined &&
      hit.incidentId !== incident?.id &&
      !candidates.includes(hit.incidentId)
    )
      candidates.push(hit.incidentId);
  const rank = candidates.slice(0, k).indexOf(want);
  return rank === -1 ? null : rank + 1;
}

function summaryOf(body: unknown): string {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const key of ['title', 'summary', 'description']) if (typeof b[key] === 'string') return b[key];
  }
  return JSON.stringify(body).slice(0, 500);
}

/** Facts found in everything the bot recorded and said about the incident (audit entries, title). */
function factsFound(record: ReplayRecord, incident: Incident | undefined, target: ReplayTarget): number {
  const facts = record.expect.facts ?? [];
  if (facts.length === 0 || incident === undefined) return 0;
  const text = `${incident.title}\n${JSON.stringify(target.audit(incident.id))}`.toLowerCase();
  return facts.filter((f) => text.includes(f.toLowerCase())).length;
}

/** Steps that ran without an approval although their risk was above low. Must always be 0. */
function unapproved(runs: readonly RunRecord[]): number {
  return runs
    .flatMap((r) => r.steps)
    .filter((s) => RAN.includes(s.state) && s.approvalId === null && s.risk !== null && s.risk !== 'low')
    .length;
}
