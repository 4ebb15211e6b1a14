import type { ChatEvent, Conversation, VoteDecision } from '../../../src/core/index.js';

export const MATRIX_PLATFORM = 'matrix';
/** The command prefix in rooms: `!wk <grammar>`. */
export const COMMAND_PREFIX = '!wk';
export const APPROVE_KEYS = new Set(['✅', '✔️', '✔', '👍']);
export const REJECT_KEYS = new Set(['❌', '✖️', '✖', '👎']);

/** `matrix:@user:server`: Matrix user ids are globally unique, so the id itself is the principal. */
export function matrixPrincipal(userId: string): string {
  return `${MATRIX_PLATFORM}:${userId}`;
}

export function matrixConversation(room: string, thread?: string): Conversation {
  return thread === undefined
    ? { platform: MATRIX_PLATFORM, channel: room }
    : { platform: MATRIX_PLATFORM, channel: room, thread };
}

/** The grammar after `!wk`, or undefined when the body is not a command (`!wk` alone asks for help). */
export function commandText(body: string): string | undefined {
  const m = /^\s*!wk(?:\s+([\s\S]*))?$/i.exec(body);
  if (m === null) return undefined;
  const text = (m[1] ?? '').trim();
  return text === '' ? 'help' : text;
}

/** ✅ and friends approve, ❌ and friends reject; anything else is not a vote. */
export function reactionDecision(key: string): VoteDecision | undefined {
  const k = key.trim();
  if (APPROVE_KEYS.has(k) || APPROVE_KEYS.has(k.replace(/\uFE0F/g, ''))) return 'approve';
  if (REJECT_KEYS.has(k) || REJECT_KEYS.has(k.replace(/\uFE0F/g, ''))) return 'reject';
  return undefined;
}

/** What the adapter knows about an inbound room event; ids and time are injected. */
export interface MatrixInbound {
  readonly id: string;
  readonly receivedAt: string;
  readonly room: string;
  readonly sender: string;
  readonly displayName?: string;
}

/** A `!wk` message → a `command` ChatEvent whose conversation is the thread the replies belong in. */
export function commandEvent(ctx: MatrixInbound, text: string, thread: string): ChatEvent {
  return {
    id: ctx.id,
    platform: MATRIX_PLATFORM,
    principal: matrixPrincipal(ctx.sender),
    ...(ctx.displayName === undefined ? {} : { displayName: ctx.displayName }),
    conversation: matrixConversation(ctx.room, thread),
    receivedAt: ctx.receivedAt,
    kind: 'command',
    text,
  };
}

/**
 * A ✅ / ❌ reaction on an approval prompt → an `approval` ChatEvent carrying the prompt's approval id
 * and token (the adapter knows which message is which prompt; the gateway stays platform-blind).
 */
export function reactionVoteEvent(
  ctx: MatrixInbound,
  prompt: { approvalId: string; token: string; thread?: string },
  decision: VoteDecision,
): ChatEvent {
  return {
    id: ctx.id,
    platform: MATRIX_PLATFORM,
    principal: matrixPrincipal(ctx.sender),
    ...(ctx.displayName === undefined ? {} : { displayName: ctx.displayName }),
    conversation: matrixConversation(ctx.room, prompt.thread),
    receivedAt: ctx.receivedAt,
    kind: 'approval',
    approvalId: prompt.approvalId,
    decision,
    token: prompt.token,
  };
}
