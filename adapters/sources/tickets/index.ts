/** Ticket intake: the generic `POST /hooks/tickets` webhook and the shared ticket signal contract. */
export { createTicketSource, TICKETS_SOURCE_ID, type TicketSourceOptions } from './create-ticket-source.js';
export { ticketSchema, ticketBatchSchema, type TicketPayload } from './ticket-schema.js';
export { ticketSignal, normalisePriority, type TicketFields } from './ticket-signal.js';
export { createTicketApiRoutes } from './ticket-api-routes.js';
