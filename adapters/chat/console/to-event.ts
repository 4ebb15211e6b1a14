import type { ChatEvent, Conversation, VoteDecision } from '../../../src/core/index.js';
import { CONSOLE_CHANNEL, CONSOLE_PLATFORM } from './feed-entry.js';

/** What every inbound console event needs besides its content; ids and time are injected. */
export interface EventContext {
  readonly id: string;
  readonly receivedAt: string;
  /** Validated console user name, e.g. `alice`. */
  readonly user: string;
  readonly thread?: string;
}

/**
 * Splits a typed line into a command (`!wk …` or `/wk …`, prefix stripped, `!wk` alone is an empty
 * command) or a plain message. Same grammar as every other platform (design.md §6).
 */
export function parseCommandText(text: string): { kind: 'command' | 'message'; text: string } {
  const trimmed = text.trim();
  const match = /^[!/]wk(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (match) return { kind: 'command', text: (match[1] ?? '').trim() };
  return { kind: 'message', text: trimmed };
}

/** The conversation a console event belongs to: channel `ops`, optionally an incident thread. */
export function consoleConversation(thread?: string): Conversation {
  return thread !== undefined
    ? { platform: CONSOLE_PLATFORM, channel: CONSOLE_CHANNEL, thread }
    : { platform: CONSOLE_PLATFORM, channel: CONSOLE_CHANNEL };
}

/** Principal id of a console user. */
export function consolePrincipal(user: string): string {
  return `${CONSOLE_PLATFORM}:${user}`;
}

/** A typed line → a `command` or `message` ChatEvent. */
export function lineToEvent(text: string, ctx: EventContext): ChatEvent {
  const parsed = parseCommandText(text);
  return { ...base(ctx), kind: parsed.kind, text: parsed.text };
}

/** An Approve / Reject click → an `approval` ChatEvent carrying the button's token when there is one. */
export function voteToEvent(
  vote: { approvalId: string; decision: VoteDecision; token?: string; secondFactor?: string },
  ctx: EventContext,
): ChatEvent {
  return {
    ...base(ctx),
    kind: 'approval',
    approvalId: vote.approvalId,
    decision: vote.decision,
    ...(vote.token !== undefined ? { token: vote.token } : {}),
    ...(vote.secondFactor !== undefined ? { secondFactor: vote.secondFactor } : {}),
  };
}

function base(ctx: EventContext) {
  return {
    id: ctx.id,
    platform: CONSOLE_PLATFORM,
    principal: consolePrincipal(ctx.user),
    displayName: ctx.user,
    conversation: consoleConversation(ctx.thread),
    receivedAt: ctx.receivedAt,
  };
}
