import { TICKET_STATUSES, WatchkeeperError } from '../../../src/core/index.js';
import type { HttpRoute, TicketRepository, TicketStatus } from '../../../src/core/index.js';

/**
 * The console's read side of the built-in ticket store (auth `console`): `GET /api/tickets`
 * (`?status=open|pending|resolved|closed&limit=`) and `GET /api/tickets/:id` with notes and links.
 */
export function createTicketApiRoutes(tickets: TicketRepository): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/tickets',
      auth: 'console',
      handle: async (req) => {
        const status = req.query.get('status') ?? undefined;
        if (status !== undefined && !(TICKET_STATUSES as readonly string[]).includes(status))
          throw new WatchkeeperError(
            'VALIDATION_FAILED',
            `status must be one of ${TICKET_STATUSES.join(', ')}`,
          );
        const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 500);
        return {
          status: 200,
          body: {
            tickets: tickets.list({
              ...(status === undefined ? {} : { status: status as TicketStatus }),
              limit,
            }),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/tickets/:id',
      auth: 'console',
      handle: async (req) => {
        const ticket = tickets.find(req.params['id'] ?? '');
        if (ticket === undefined)
          throw new WatchkeeperError('NOT_FOUND', `no ticket ${req.params['id'] ?? ''}`);
        return {
          status: 200,
          body: {
            ticket,
            notes: tickets.notes(ticket.id).filter((n) => n.kind !== 'write'),
            links: tickets.links(ticket.id),
          },
        };
      },
    },
  ];
}
