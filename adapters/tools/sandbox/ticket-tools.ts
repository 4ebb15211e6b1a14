import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { requireTicket } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxTicket } from './sandbox-schema.js';

/** Who the sandbox records as the author of the bot's comments. */
const AUTHOR = 'watchkeeper';

const commentInput = z.object({ ticket: sandboxId, text: z.string().trim().min(1).max(4000) });
export type TicketCommentInput = z.infer<typeof commentInput>;
const closeInput = z.object({ ticket: sandboxId, comment: z.string().trim().min(1).max(4000).optional() });
export type TicketCloseInput = z.infer<typeof closeInput>;

/** `sandbox.ticket_comment` (low): adds one comment to a ticket; a retried call adds it once. */
export function createTicketCommentTool(state: SandboxStateRepository): Tool<TicketCommentInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.ticket_comment',
    description: 'Comment on a sandbox ticket.',
    input: commentInput,
    risk: 'low',
    scope: 'sandbox:tickets',
    target: (input) => ticketTarget(state, input.ticket),
    prepare: (input, ctx) => {
      const ticket = requireTicket(state, input.ticket);
      return {
        summary: `ticket ${ticket.id}: comment added (${ticket.comments.length + 1} comments)`,
        data: { ticket: ticket.id, text: input.text },
        apply: () => {
          const comment = { by: AUTHOR, at: ctx.clock.now().toISOString(), text: input.text };
          state.put(SANDBOX_KINDS.ticket, ticket.id, { ...ticket, comments: [...ticket.comments, comment] });
        },
      };
    },
  });
}

/** `sandbox.ticket_close` (medium): closes a ticket, optionally with a closing comment. */
export function createTicketCloseTool(state: SandboxStateRepository): Tool<TicketCloseInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.ticket_close',
    description: 'Close a sandbox ticket, optionally with a closing comment.',
    input: closeInput,
    risk: 'medium',
    scope: 'sandbox:tickets',
    target: (input) => ticketTarget(state, input.ticket),
    prepare: (input, ctx) => {
      const ticket = requireTicket(state, input.ticket);
      const data = { ticket: ticket.id, from: ticket.status, to: 'closed' };
      if (ticket.status === 'closed') return { summary: `ticket ${ticket.id} is already closed`, data };
      return {
        summary: `ticket ${ticket.id} "${ticket.title}": open → closed`,
        data,
        apply: () => {
          const at = ctx.clock.now().toISOString();
          const comments =
            input.comment === undefined
              ? ticket.comments
              : [...ticket.comments, { by: AUTHOR, at, text: input.comment }];
          state.put(SANDBOX_KINDS.ticket, ticket.id, { ...ticket, status: 'closed', comments });
        },
      };
    },
  });
}

function ticketTarget(state: SandboxStateRepository, id: string): { asset: string; service?: string } {
  const ticket = state.get<SandboxTicket>(SANDBOX_KINDS.ticket, id);
  return ticket?.service === undefined ? { asset: id } : { asset: id, service: ticket.service };
}
