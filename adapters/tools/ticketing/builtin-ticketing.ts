import type {
  Clock,
  Ticket,
  TicketingAdapter,
  TicketLinkKind,
  TicketRepository,
  TicketWriteOptions,
  TicketWriteResult,
} from '../../../src/core/index.js';

/** Who the built-in store records as the author of the bot's writes. */
export const BOT_AUTHOR = 'watchkeeper';

/**
 * The built-in ticket store as a ticketing system: replies and notes become ticket notes, closing sets
 * the status, links are rows. It handles every ticket that no external adapter claims (the default).
 */
export function createBuiltinTicketing(tickets: TicketRepository, clock: Clock): TicketingAdapter {
  const at = (): string => clock.now().toISOString();
  return {
    system: 'builtin',
    handles: () => true,
    async comment(
      ticket: Ticket,
      text: string,
      visibility,
      o: TicketWriteOptions,
    ): Promise<TicketWriteResult> {
      const what = visibility === 'public' ? 'reply to the requester' : 'internal note';
      if (o.dryRun) return { summary: `would add a ${what} to ${ticket.id} (${text.length} chars)` };
      const note = tickets.addNote({
        ticketId: ticket.id,
        kind: visibility === 'public' ? 'reply' : 'comment',
        text,
        by: BOT_AUTHOR,
        at: at(),
      });
      return { summary: `${what} added to ${ticket.id}`, data: { note: note.id } };
    },
    async close(ticket, reason, o) {
      if (ticket.status === 'closed') return { summary: `${ticket.id} is already closed` };
      if (o.dryRun) return { summary: `would close ${ticket.id} (${ticket.status} → closed): ${reason}` };
      tickets.setStatus(ticket.id, 'closed', at(), reason);
      return { summary: `${ticket.id}: ${ticket.status} → closed` };
    },
    async link(ticket, other, kind: TicketLinkKind, o) {
      if (o.dryRun) return { summary: `would link ${ticket.id} ${kind.replace(/_/g, ' ')} ${other.id}` };
      tickets.addLink({ ticketId: ticket.id, other: other.id, kind, by: BOT_AUTHOR, at: at() });
      return { summary: `${ticket.id} linked ${kind.replace(/_/g, ' ')} ${other.id}` };
    },
    async label(ticket, labels, o) {
      if (o.dryRun) return { summary: `would label ${ticket.id}: ${labels.join(', ')}` };
      tickets.addNote({
        ticketId: ticket.id,
        kind: 'label',
        text: labels.join(', '),
        by: BOT_AUTHOR,
        at: at(),
      });
      return { summary: `${ticket.id} labelled ${labels.join(', ')}` };
    },
  };
}
