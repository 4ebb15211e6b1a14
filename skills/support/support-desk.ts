import type {
  Clock,
  Conversation,
  Incident,
  IncidentRepository,
  Memory,
  ServiceContext,
  Ticket,
  TicketingAdapter,
  TicketRepository,
} from '../../src/core/index.js';
import { draftReply } from './draft-reply.js';
import { duplicateReasons } from './duplicate-reasons.js';
import type { Runbook } from './knowledge-base.js';

/** Everything the support skill reads and writes, injected by the composition root. */
export interface SupportDeskOptions {
  readonly tickets: TicketRepository;
  readonly memory: Memory;
  readonly incidents: IncidentRepository;
  readonly runbooks: readonly Runbook[];
  readonly clock: Clock;
  readonly services?: ServiceContext;
  /** Recent log lines of a service (the sandbox, or a log tool), newest last. */
  readonly logs?: (service: string) => readonly string[];
  /** The ticketing system that holds a ticket (external adapter or the built-in store). */
  readonly ticketing: (ticket: Ticket) => TicketingAdapter;
  /** Posts to a chat conversation (the escalation channel). */
  readonly post?: (conversation: Conversation, text: string) => Promise<void>;
  readonly escalationChannel?: Conversation;
  /** An alert incident opened this long before (or any time after) a ticket may explain it. */
  readonly alertWindowMs?: number;
  /** Candidates at or above this score (default 0.3) get a "link?" button in the ticket's plan. */
  readonly linkThreshold?: number;
  /** Reports of one problem this close together (default 15 min) count as a burst. */
  readonly burstWindowMs?: number;
}

export interface DuplicateCandidate {
  readonly ticket: Ticket;
  /** The retriever's score (higher is closer); comparable within one search only. */
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface PriorFix {
  readonly ticket: Ticket;
  readonly fix: string;
}

/** The memory id of a remembered ticket. */
export const ticketMemoryId = (t: Ticket): string => `ticket:${t.id}`;

/**
 * The support skill's read side: duplicates, prior fixes, runbooks, alerts that explain a ticket. Pure
 * reads over the injected ports, so plans (at planning time) and tools (at run time) agree.
 */
export class SupportDesk {
  readonly linkThreshold: number;
  constructor(readonly o: SupportDeskOptions) {
    // Below this the best candidate is listed but not offered as a link: a button for every loose match is noise.
    this.linkThreshold = o.linkThreshold ?? 0.3;
  }

  /** Indexes a ticket for later duplicate searches (idempotent per ticket). */
  remember(t: Ticket): void {
    this.o.memory.remember({
      kind: 'ticket',
      id: ticketMemoryId(t),
      title: t.title,
      text: `${t.title}\n${t.body}`,
      createdAt: t.createdAt,
      ...(t.service === undefined ? {} : { component: t.service }),
    });
  }

  /** Open and past tickets most like `t`, best first, each with its score and reasons. */
  duplicates(t: Ticket, k = 5, before?: string): DuplicateCandidate[] {
    const hits = this.o.memory.similar(`${t.title}\n${t.body}`, k + 1, {
      kind: 'ticket',
      ...(before === undefined ? {} : { before }),
      excludeId: ticketMemoryId(t),
      title: t.title,
      ...(t.service === undefined ? {} : { component: t.service }),
    });
    const out: DuplicateCandidate[] = [];
    for (const h of hits) {
      if (!h.id.startsWith('ticket:')) continue;
      const other = this.o.tickets.get(h.id.slice('ticket:'.length));
      if (other === undefined || other.id === t.id) continue;
      const mine = duplicateReasons(t, other);
      const reasons = mine.length > 0 ? mine : h.reason === undefined ? ['similar wording'] : [h.reason];
      out.push({ ticket: other, score: Math.round(h.score * 100) / 100, reasons });
      if (out.length >= k) break;
    }
    return out;
  }

  /**
   * Burst grouping: the third (or later) report of one problem within the burst window is grouped under
   * the first report's thread instead of opening its own; two may be coincidence, three are a pattern.
   * Urgent tickets are never grouped. Returns the ticket to group under, with the evidence.
   */
  burstRoot(t: Ticket): DuplicateCandidate | undefined {
    if (t.priority === 'urgent') return undefined;
    const window = this.o.burstWindowMs ?? 15 * 60_000;
    const at = Date.parse(t.createdAt);
    const seq = (x: Ticket): number => Number(x.id.replace(/^T-/, ''));
    // Earlier reports only: by report time, then by arrival for reports of the same instant.
    const earlier = (c: Ticket): boolean => {
      const when = Date.parse(c.createdAt);
      return when < at || (when === at && seq(c) < seq(t));
    };
    // Reports up to this one's time (memory's `before` is strict, hence +1 ms).
    const close = this.duplicates(t, 15, new Date(at + 1).toISOString()).filter(
      (c) =>
        c.ticket.status === 'open' &&
        c.score >= this.linkThreshold &&
        c.reasons.some((r) => r.startsWith('same ')) &&
        at - Date.parse(c.ticket.createdAt) <= window &&
        earlier(c.ticket),
    );
    if (close.length < 2) return undefined;
    // Group under the first report of the burst (the oldest root), with the best match's evidence.
    const roots = close.map((c) => this.groupedUnder(c.ticket) ?? c.ticket);
    const root = roots.reduce((a, b) => (seq(b) < seq(a) ? b : a));
    const best = close[0];
    return best === undefined ? undefined : { ...best, ticket: root };
  }

  /** The ticket this one was grouped under in a burst, if it was. */
  groupedUnder(t: Ticket): Ticket | undefined {
    const note = this.o.tickets.notes(t.id, 'grouped').at(-1);
    const under = (note?.data as { under?: string } | undefined)?.under;
    return under === undefined ? undefined : this.o.tickets.get(under);
  }

  /** How similar tickets were fixed: resolved or closed ones with a resolution or a sent reply. */
  priorFixes(t: Ticket, k = 3): PriorFix[] {
    const fixes: PriorFix[] = [];
    for (const c of this.duplicates(t, 8)) {
      if (c.ticket.status !== 'resolved' && c.ticket.status !== 'closed') continue;
      const reply = this.o.tickets.notes(c.ticket.id, 'reply').at(-1)?.text;
      const fix = c.ticket.resolution ?? reply;
      if (fix !== undefined) fixes.push({ ticket: c.ticket, fix });
      if (fixes.length >= k) break;
    }
    return fixes;
  }

  /** Runbooks from `data/kb/` that match the ticket, best first. */
  runbooksFor(t: Ticket, k = 2): Runbook[] {
    const byId = new Map(this.o.runbooks.map((r) => [r.id, r]));
    const hits = this.o.memory.similar(`${t.title}\n${t.body}`, k + 4, {
      kind: 'kb',
      title: t.title,
      ...(t.service === undefined ? {} : { component: t.service }),
    });
    return (
      hits
        .map((h) => byId.get(h.id))
        .filter((r): r is Runbook => r !== undefined)
        // A runbook that names its services applies to those only.
        .filter((r) => t.service === undefined || r.services.length === 0 || r.services.includes(t.service))
        .slice(0, k)
    );
  }

  /** Open alert incidents on the ticket's service that began within the window before it (or after). */
  explainingIncidents(t: Ticket): Incident[] {
    if (t.service === undefined) return [];
    const window = this.o.alertWindowMs ?? 2 * 3_600_000;
    const since = Date.parse(t.createdAt) - window;
    return this.o.incidents
      .list({ status: 'open', limit: 200 })
      .filter(
        (i) =>
          i.labels['service'] === t.service &&
          i.labels['ticket_source'] === undefined &&
          Date.parse(i.openedAt) >= since,
      );
  }

  /** Recent error and warning lines of the ticket's service, at most `n`. */
  relevantLogs(t: Ticket, n = 8): string[] {
    if (t.service === undefined || this.o.logs === undefined) return [];
    const lines = this.o.logs(t.service);
    const interesting = lines.filter((l) => /\b(ERROR|WARN|FATAL|exception|timeout)\b/i.test(l));
    return (interesting.length > 0 ? interesting : lines).slice(-n);
  }

  /** The template draft for a ticket (what `support.draft_reply` writes when given no text). */
  draftFor(t: Ticket): string {
    return draftReply({
      ticket: t,
      fixes: this.priorFixes(t),
      runbooks: this.runbooksFor(t),
      incidents: this.explainingIncidents(t),
    });
  }

  now(): string {
    return this.o.clock.now().toISOString();
  }
}
