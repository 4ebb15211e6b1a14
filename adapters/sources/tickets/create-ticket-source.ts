import { canonicalJson, sha256Hex, systemClock, validate } from '../../../src/core/index.js';
import type { Clock, SignalDraft, SignalSource } from '../../../src/core/index.js';
import { ticketBatchSchema, ticketSchema, type TicketPayload } from './ticket-schema.js';
import { ticketSignal } from './ticket-signal.js';

/** The source id, and the path segment of `POST /hooks/tickets`. */
export const TICKETS_SOURCE_ID = 'tickets';

export interface TicketSourceOptions {
  readonly clock?: Clock;
}

/**
 * The generic ticket webhook: one ticket or `{ tickets: [...] }`. Anything invalid throws a
 * ValidationError naming every bad field (→ 400) before anything is stored.
 */
export function createTicketSource(options: TicketSourceOptions = {}): SignalSource {
  const clock = options.clock ?? systemClock;
  return {
    id: TICKETS_SOURCE_ID,
    parse: (body) => {
      const tickets =
        body !== null && typeof body === 'object' && Object.hasOwn(body, 'tickets')
          ? validate(ticketBatchSchema, body, 'ticket batch').tickets
          : [validate(ticketSchema, body, 'ticket')];
      return tickets.map((t) => toDraft(t, clock));
    },
  };
}

function toDraft(t: TicketPayload, clock: Clock): SignalDraft {
  const externalId =
    t.id ?? sha256Hex(canonicalJson({ reporter: t.reporter, title: t.title, body: t.body })).slice(0, 12);
  return ticketSignal(TICKETS_SOURCE_ID, {
    source: t.system ?? TICKETS_SOURCE_ID,
    externalId,
    title: t.title,
    body: t.body,
    priority: t.priority,
    reporter: t.reporter,
    ...(t.service === undefined ? {} : { service: t.service }),
    ...(t.url === undefined ? {} : { url: t.url }),
    closed: t.status !== 'open',
    startsAt:
      t.createdAt === undefined ? clock.now().toISOString() : new Date(Date.parse(t.createdAt)).toISOString(),
    raw: t,
  });
}
