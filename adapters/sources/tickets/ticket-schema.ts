import { z } from 'zod';

/**
 * One ticket posted to `POST /hooks/tickets` (see this folder's README):
 * - `title` (required, 1..300), `body` (0..20000), `reporter` (required: email, handle or name).
 * - `id`: the ticket's id in the sending system; default a hash of reporter + title + body.
 * - `system`: the sending system's name (`zendesk`, `freshdesk`, …), default `tickets`.
 * - `priority`: `low | normal | high | urgent` (default `normal`); `service`; `url`;
 * - `status`: `open | resolved | closed` (default `open`); `createdAt` (RFC 3339).
 */
export const ticketSchema = z.looseObject({
  id: z.string().trim().min(1).max(200).optional(),
  system: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _ (at most 40)')
    .optional(),
  title: z.string().trim().min(1).max(300),
  body: z.string().max(20_000).default(''),
  reporter: z.string().trim().min(1).max(200),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a service name: lowercase letters, digits, . _ -')
    .optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  status: z.enum(['open', 'resolved', 'closed']).default('open'),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});
export type TicketPayload = z.infer<typeof ticketSchema>;

/** A batch: `{ "tickets": [ … ] }`, 1 to 500 tickets. */
export const ticketBatchSchema = z.looseObject({ tickets: z.array(ticketSchema).min(1).max(500) });
