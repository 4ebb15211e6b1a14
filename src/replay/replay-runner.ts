import type { Incident, RunRecord, StepRecord } from '../core/index.js';
import { statesFact } from './fact-match.js';
import { twinsOf, type ReplayRecord } from './replay-record.js';
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
  /** Tools the plans of the incident this record opened propose, in order (empty when it opened none). */
  readonly planTools: readonly string[];
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
  /** Ticket id (`T-7`) → the incident its plan works it in, read from the plans' step inputs. */
  const ticketIncident = new Map<string, string>();
  const incidentKind = new Map<string, string>();
  /** Signal id → the ticket (`T-7`) it filed, and record id → its ticket: a grouped ticket has no incident. */
  const signalTicket = new Map<string, string>();
  const recordTicket = new Map<string, string>();
  const outcomes: RecordOutcome[] = [];
  let auditSeq = 0;
  for (const record of records) {
    const before = new Set(seenCounts.keys());
    if (record.at !== undefined) o.target.travelTo?.(record.at);
    const started = o.now();
    const { signalIds = [] } = o.target.ingest(record.source, record.body);
    await o.target.settle();
    const responseMs = o.now() - started;
    const incidents = o.target.incidents();
    for (const i of incidents) {
      if (seenCounts.get(i.id) === i.signalCount) continue;
      seenCounts.set(i.id, i.signalCount);
      for (const s of o.target.signals(i.id)) {
        signalIncident.set(s.id, i.id);
        if (!incidentKind.has(i.id)) incidentKind.set(i.id, s.kind);
      }
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
        if (e.kind === 'signal' && e.subject !== undefined) {
          const labels = (data as { labels?: Record<string, unknown> } | null)?.labels;
          const source = labels?.['ticket_source'];
          const external = labels?.['ticket_id'];
          if (typeof source === 'string' && typeof external === 'string') {
            const ticket = o.target.ticketId?.(source, external);
            if (ticket !== undefined) signalTicket.set(e.subject, ticket);
          }
        }
      }
    }
    const incidentId = signalIds.map((id) => signalIncident.get(id)).find((id) => id !== undefined) ?? null;
    const incident = incidentId === null ? undefined : incidents.find((i) => i.id === incidentId);
    if (incidentId !== null) recordIncident.set(record.id, incidentId);
    const ticket = signalIds.map((id) => signalTicket.get(id)).find((t) => t !== undefined);
    if (ticket !== undefined) recordTicket.set(record.id, ticket);
    const opened = incidentId !== null && !before.has(incidentId);
    const runs = incident === undefined ? [] : o.target.runs(incident.id);
    for (const step of runs.flatMap((r) => r.steps)) {
      const ticket = field(step.input, 'ticket');
      if (ticket !== undefined && incident !== undefined && !ticketIncident.has(ticket))
        ticketIncident.set(ticket, incident.id);
    }
    outcomes.push({
      id: record.id,
      incidentId,
      opened,
      skill: incident?.skill ?? signalIds.map((id) => claimed.get(id)).find((v) => v !== undefined) ?? null,
      severity: incident?.severity ?? null,
      duplicateRank: duplicateRank(
        record,
        { incident, opened, runs, kind: incident === undefined ? undefined : incidentKind.get(incident.id) },
        { recordIncident, ticketIncident, recordTicket },
        o.target,
        k,
      ),
      factsFound: factsFound(record, incident, o.target),
      destructiveProposed: opened && runs.some((r) => r.steps.some((s) => DESTRUCTIVE_TOOL.test(s.tool))),
      planTools: opened ? runs.flatMap((r) => r.steps.map((s) => s.tool)) : [],
      unapprovedExecutions: opened ? unapproved(runs) : 0,
      responseMs,
    });
  }
  return outcomes;
}

/** A string field of a step input, if it has one. */
function field(input: unknown, key: string): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const v = (input as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Where the labelled twin sits in the bot's "possible duplicates": its own incident when the record
 * folded into the twin's (rank 1), then the tickets its plan proposes linking as `duplicate_of`, then
 * what its memory finds similar (for a ticket: the search the proposed `support.find_duplicates` step
 * runs, over title and body, tickets only). Memory hits name an incident or a ticket (`ticket:T-7`);
 * both are mapped to incidents.
 */
function duplicateRank(
  record: ReplayRecord,
  at: {
    incident: Incident | undefined;
    opened: boolean;
    runs: readonly RunRecord[];
    kind: string | undefined;
  },
  maps: {
    recordIncident: ReadonlyMap<string, string>;
    ticketIncident: ReadonlyMap<string, string>;
    recordTicket: ReadonlyMap<string, string>;
  },
  target: ReplayTarget,
  k: number,
): number | null {
  const twins = twinsOf(record);
  if (twins.length === 0) return null;
  // A twin is found as its incident or as its ticket (a burst-grouped ticket has no incident).
  const wantIncidents = new Set(twins.flatMap((t) => maps.recordIncident.get(t) ?? []));
  const wantTickets = new Set(twins.flatMap((t) => maps.recordTicket.get(t) ?? []));
  if (wantIncidents.size === 0 && wantTickets.size === 0) return null;
  const own = at.incident?.id;
  const ownTicket = maps.recordTicket.get(record.id);
  const candidates: { incident?: string; ticket?: string }[] = [];
  const seen = new Set<string>();
  const add = (c: { incident?: string | undefined; ticket?: string | undefined }): void => {
    const incident = c.incident ?? (c.ticket === undefined ? undefined : maps.ticketIncident.get(c.ticket));
    if (c.ticket !== undefined && c.ticket === ownTicket) return;
    if (c.ticket === undefined && (incident === undefined || incident === own)) return;
    const key = c.ticket ?? `incident:${incident}`;
    if (seen.has(key) || (incident !== undefined && seen.has(`incident:${incident}`))) return;
    seen.add(key);
    if (incident !== undefined) seen.add(`incident:${incident}`);
    candidates.push({
      ...(incident === undefined ? {} : { incident }),
      ...(c.ticket === undefined ? {} : { ticket: c.ticket }),
    });
  };
  // Folding into the twin's incident is the strongest "duplicate of" the bot can say: rank 1.
  if (at.incident !== undefined && !at.opened) {
    candidates.push({ incident: at.incident.id });
    seen.add(`incident:${at.incident.id}`);
  }
  for (const step of at.runs.flatMap((r) => r.steps))
    if (field(step.input, 'kind') === 'duplicate_of') add({ ticket: field(step.input, 'other') });
  const { text, title } = summaryOf(record.body, at.incident?.title);
  const options = {
    ...(title === undefined ? {} : { title }),
    ...(at.kind === 'ticket' ? { kind: 'ticket' } : {}),
  };
  for (const hit of target.similar?.(text, k + 1, options) ?? [])
    add(
      hit.id?.startsWith('ticket:') === true
        ? { ticket: hit.id.slice('ticket:'.length), incident: hit.incidentId }
        : { incident: hit.incidentId },
    );
  const rank = candidates
    .slice(0, k)
    .findIndex(
      (c) =>
        (c.incident !== undefined && wantIncidents.has(c.incident)) ||
        (c.ticket !== undefined && wantTickets.has(c.ticket)),
    );
  return rank === -1 ? null : rank + 1;
}

/** The text searched for look-alikes: title and body where the record has them (as tickets do). */
function summaryOf(body: unknown, incidentTitle: string | undefined): { text: string; title?: string } {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const title = typeof b['title'] === 'string' ? b['title'] : incidentTitle;
    const rest = ['body', 'description', 'summary'].map((key) => b[key]).find((v) => typeof v === 'string');
    if (title !== undefined) return { text: typeof rest === 'string' ? `${title}\n${rest}` : title, title };
    if (typeof rest === 'string') return { text: rest };
  }
  if (incidentTitle !== undefined) return { text: incidentTitle, title: incidentTitle };
  return { text: JSON.stringify(body).slice(0, 500) };
}

/** Facts found in everything the bot recorded and said about the incident (audit entries, title). */
function factsFound(record: ReplayRecord, incident: Incident | undefined, target: ReplayTarget): number {
  const facts = record.expect.facts ?? [];
  if (facts.length === 0 || incident === undefined) return 0;
  const text = `${incident.title}\n${JSON.stringify(target.audit(incident.id))}`.toLowerCase();
  return record.expect.factsMatch === 'words'
    ? facts.filter((f) => statesFact(text, f)).length
    : facts.filter((f) => text.includes(f.toLowerCase())).length;
}

/** Steps that ran without an approval although their risk was above low. Must always be 0. */
function unapproved(runs: readonly RunRecord[]): number {
  return runs
    .flatMap((r) => r.steps)
    .filter((s) => RAN.includes(s.state) && s.approvalId === null && s.risk !== null && s.risk !== 'low')
    .length;
}
