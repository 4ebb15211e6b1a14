import { z } from 'zod';
import { WatchkeeperError } from '../../../src/core/index.js';
import type {
  Clock,
  Risk,
  Target,
  Ticket,
  TicketingAdapter,
  TicketRepository,
  TicketWriteResult,
  Tool,
  ToolContext,
  ToolResult,
} from '../../../src/core/index.js';
import { createBuiltinTicketing } from './builtin-ticketing.js';

export interface TicketingToolsOptions {
  readonly tickets: TicketRepository;
  /** External systems (GitHub, Jira) by the tickets they handle; the built-in store takes the rest. */
  readonly adapters: readonly TicketingAdapter[];
  readonly clock: Clock;
}

const ticketRef = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(8000);

/** The environment the policy sees for ticket writes: not `production`, so risk stays as declared. */
export const SUPPORT_ENVIRONMENT = 'support';

interface WriteSpec<I> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly risk: Risk;
  readonly ticket: (input: I) => string;
  /** The write on the ticket's own system; `dryRun` describes it without making it. */
  readonly write: (
    adapter: TicketingAdapter,
    ticket: Ticket,
    input: I,
    dryRun: boolean,
    ctx?: ToolContext,
  ) => Promise<TicketWriteResult>;
}

/**
 * Ticket writes, whichever system holds the ticket: `ticketing.comment` (internal note, low),
 * `ticketing.link` (low), `ticketing.label` (low), `ticketing.reply` (to the requester, medium),
 * `ticketing.close` (medium), `ticketing.transition` (Jira, medium). Each has a dry run; a write to an
 * external system is mirrored in the built-in store; a retried step with the same idempotency key
 * returns the first result instead of writing twice.
 */
export function createTicketingTools(o: TicketingToolsOptions): Tool[] {
  const builtin = createBuiltinTicketing(o.tickets, o.clock);
  const adapterFor = (t: Ticket): TicketingAdapter => o.adapters.find((a) => a.handles(t)) ?? builtin;
  const mustFind = (ref: string): Ticket => {
    const t = o.tickets.find(ref);
    if (t === undefined) throw new WatchkeeperError('NOT_FOUND', `no ticket ${ref}`);
    return t;
  };

  function define<I>(spec: WriteSpec<I>): Tool<I> {
    const target = (input: I): Target => {
      const t = o.tickets.find(spec.ticket(input));
      return {
        environment: SUPPORT_ENVIRONMENT,
        asset: t?.id ?? spec.ticket(input),
        ...(t?.service === undefined ? {} : { service: t.service }),
      };
    };
    return {
      name: spec.name,
      description: spec.description,
      input: spec.input,
      risk: spec.risk,
      reversible: false,
      scope: 'tickets:write',
      target,
      dryRun: async (input) => {
        const ticket = mustFind(spec.ticket(input));
        const r = await spec.write(adapterFor(ticket), ticket, input, true);
        return { ok: true, summary: r.summary, data: { ...r.data, dryRun: true } };
      },
      run: async (input, ctx) => {
        const ticket = mustFind(spec.ticket(input));
        const done = o.tickets
          .notes(ticket.id, 'write')
          .find(
            (n) => (n.data as { key?: string } | undefined)?.key === `${spec.name}:${ctx.idempotencyKey}`,
          );
        if (done !== undefined) return (done.data as { result: ToolResult }).result;
        const adapter = adapterFor(ticket);
        const r = await spec.write(adapter, ticket, input, false, ctx);
        // The local record follows the external system, so status, links and notes show in the console.
        if (adapter !== builtin)
          await spec.write(builtin, o.tickets.find(ticket.id) ?? ticket, input, false, ctx);
        const result: ToolResult = {
          ok: true,
          summary: r.summary,
          data: { ...r.data, system: adapter.system },
        };
        o.tickets.addNote({
          ticketId: ticket.id,
          kind: 'write',
          text: r.summary,
          data: { key: `${spec.name}:${ctx.idempotencyKey}`, result },
          by: 'watchkeeper',
          at: ctx.clock.now().toISOString(),
        });
        return result;
      },
    };
  }

  const commentInput = z.object({ ticket: ticketRef, text });
  const linkInput = z.object({
    ticket: ticketRef,
    other: ticketRef,
    kind: z.enum(['duplicate_of', 'related']).default('duplicate_of'),
    score: z.number().optional(),
    reason: z.string().max(300).optional(),
  });
  const closeInput = z.object({
    ticket: ticketRef,
    duplicateOf: ticketRef.optional(),
    reason: text.optional(),
  });
  const labelInput = z.object({
    ticket: ticketRef,
    labels: z.array(z.string().trim().min(1).max(50)).min(1).max(10),
  });
  const transitionInput = z.object({ ticket: ticketRef, to: z.string().trim().min(1).max(100) });

  return [
    define({
      name: 'ticketing.comment',
      description: 'Add an internal note (agents only) to a ticket.',
      input: commentInput,
      risk: 'low',
      ticket: (i) => i.ticket,
      write: (a, t, i, dryRun, ctx) => a.comment(t, i.text, 'internal', opts(dryRun, ctx)),
    }),
    define({
      name: 'ticketing.reply',
      description: 'Send a reply to the requester of a ticket (they see it).',
      input: commentInput,
      risk: 'medium',
      ticket: (i) => i.ticket,
      write: (a, t, i, dryRun, ctx) => a.comment(t, i.text, 'public', opts(dryRun, ctx)),
    }),
    define({
      name: 'ticketing.link',
      description: 'Link a ticket to another one (duplicate of, or related).',
      input: linkInput,
      risk: 'low',
      ticket: (i) => i.ticket,
      write: (a, t, i, dryRun, ctx) => a.link(t, mustFind(i.other), i.kind, opts(dryRun, ctx)),
    }),
    define({
      name: 'ticketing.close',
      description: 'Close a ticket, as a duplicate of another when given.',
      input: closeInput,
      risk: 'medium',
      ticket: (i) => i.ticket,
      write: async (a, t, i, dryRun, ctx) => {
        const original = i.duplicateOf === undefined ? undefined : mustFind(i.duplicateOf);
        const reason =
          i.reason ??
          (original === undefined ? 'Closed.' : `Closed as a duplicate of ${original.url ?? original.id}.`);
        if (original !== undefined && !dryRun) await a.link(t, original, 'duplicate_of', opts(false, ctx));
        return a.close(t, reason, opts(dryRun, ctx));
      },
    }),
    define({
      name: 'ticketing.label',
      description: 'Add labels to a ticket.',
      input: labelInput,
      risk: 'low',
      ticket: (i) => i.ticket,
      write: async (a, t, i, dryRun, ctx) =>
        a.label === undefined
          ? { summary: `${a.system} has no labels; nothing to do` }
          : a.label(t, i.labels, opts(dryRun, ctx)),
    }),
    define({
      name: 'ticketing.transition',
      description: 'Move a ticket through a workflow transition (Jira).',
      input: transitionInput,
      risk: 'medium',
      ticket: (i) => i.ticket,
      write: async (a, t, i, dryRun, ctx) => {
        if (a.transition === undefined) {
          if (a.system === 'builtin')
            return { summary: `the built-in store has no workflow; ${t.id} unchanged` };
          throw new WatchkeeperError('TOOL_FAILED', `${a.system} tickets have no transitions`);
        }
        return a.transition(t, i.to, opts(dryRun, ctx));
      },
    }),
  ] as Tool[];
}

function opts(dryRun: boolean, ctx: ToolContext | undefined): { dryRun: boolean; signal?: AbortSignal } {
  return ctx === undefined ? { dryRun } : { dryRun, signal: ctx.signal };
}
