import { TICKET_PRIORITIES } from '../../src/core/index.js';
import type { SignalDraft, SignalSource, TicketDraft, TicketPriority } from '../../src/core/index.js';
import type { SupportDesk } from './support-desk.js';

/**
 * Wraps a signal source so that every ticket signal it parses is also recorded in the built-in ticket
 * store and indexed for duplicate search, whatever the entry (hooks, chat, drills, replays). A body that
 * fails validation throws before anything is recorded. Edits update the ticket in place; a closed
 * ticket resolves. `redact` is the pipeline's (secrets), so the store keeps what the inbox keeps.
 */
export function recordTickets(
  source: SignalSource,
  desk: SupportDesk,
  redact: <T>(value: T) => T,
): SignalSource {
  return {
    id: source.id,
    parse: (body) => {
      const drafts = source.parse(body);
      for (const draft of redact(drafts)) if (draft.kind === 'ticket') record(desk, draft);
      return drafts;
    },
  };
}

function record(desk: SupportDesk, s: SignalDraft): void {
  const l = s.labels;
  const source = l['ticket_source'];
  const externalId = l['ticket_id'];
  if (source === undefined || externalId === undefined) return;
  const existing = desk.o.tickets.byExternal(source, externalId);
  const draft: TicketDraft = {
    source,
    externalId,
    title: s.annotations['title'] ?? s.summary,
    body: s.annotations['body'] ?? '',
    priority: priority(l['priority']),
    reporter: l['reporter'] ?? 'unknown',
    ...(l['service'] === undefined ? {} : { service: l['service'] }),
    ...(s.annotations['url'] === undefined ? {} : { url: s.annotations['url'] }),
    ...(s.status === 'resolved'
      ? { status: existing?.status === 'closed' ? 'closed' : 'resolved' }
      : existing !== undefined && existing.status !== 'open'
        ? { status: 'open' as const }
        : {}),
  };
  // The ticket's own time (the source's `startsAt`), so bursts and windows compare report times.
  const at = existing === undefined ? s.startsAt : desk.now();
  const { ticket } = desk.o.tickets.upsert(draft, at);
  desk.remember(ticket);
}

/** Our priorities as they are, and the words other trackers use (GitHub labels `P1`, Jira `Blocker`). */
function priority(word: string | undefined): TicketPriority {
  const w = (word ?? '').trim().toLowerCase();
  if ((TICKET_PRIORITIES as readonly string[]).includes(w)) return w as TicketPriority;
  if (['blocker', 'critical', 'highest', 'p0', 'p1', 'sev1', 'emergency'].includes(w)) return 'urgent';
  if (['major', 'p2', 'sev2', 'important'].includes(w)) return 'high';
  if (['minor', 'trivial', 'lowest', 'p4', 'p5', 'sev4'].includes(w)) return 'low';
  return 'normal';
}
