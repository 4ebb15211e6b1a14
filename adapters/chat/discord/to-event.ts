import {
  ValidationError,
  validate,
  type ChatEvent,
  type Conversation,
  type VoteDecision,
} from '../../../src/core/index.js';
import { interactionSchema, type CommandOption, type RawInteraction } from './discord-payloads.js';

export const DISCORD_PLATFORM = 'discord';
/** `custom_id` prefixes of the Approve / Reject buttons: `wk:a:<approval id>:<token>`. */
export const APPROVE_PREFIX = 'wk:a:';
export const REJECT_PREFIX = 'wk:r:';
/** Discord's limit on a component `custom_id`. */
export const CUSTOM_ID_MAX = 100;

export interface EventContext {
  readonly id: string;
  readonly receivedAt: string;
}

/** `discord:<user id>`: Discord user ids (snowflakes) are global. */
export function discordPrincipal(user: string): string {
  return `${DISCORD_PLATFORM}:${user}`;
}

export function discordConversation(channel: string, thread?: string): Conversation {
  return thread === undefined
    ? { platform: DISCORD_PLATFORM, channel }
    : { platform: DISCORD_PLATFORM, channel, thread };
}

/** Validates a raw interaction (gateway `INTERACTION_CREATE` data or an HTTP interaction body). */
export function parseInteraction(payload: unknown): RawInteraction {
  return validate(interactionSchema, payload, 'Discord interaction');
}

/** The user behind an interaction: `member.user` in guilds, `user` in DMs. */
export function interactionUser(i: RawInteraction): { id: string; name?: string } {
  const u = i.member?.user ?? i.user;
  if (u === undefined) throw new ValidationError('Discord interaction has no user', []);
  const name = i.member?.nick ?? u.username;
  return name === undefined || name === null ? { id: u.id } : { id: u.id, name };
}

/** Where an interaction happened; a thread channel maps to its parent plus the thread. */
export function interactionConversation(i: RawInteraction): Conversation {
  const channel = i.channel?.id ?? i.channel_id;
  if (channel === undefined) throw new ValidationError('Discord interaction has no channel', []);
  const isThread = i.channel?.type === 10 || i.channel?.type === 11 || i.channel?.type === 12;
  const parent = i.channel?.parent_id;
  return isThread && typeof parent === 'string'
    ? discordConversation(parent, channel)
    : discordConversation(channel);
}

/**
 * The console grammar for a `/wk` invocation: `/wk ops rollback args:checkout-api` → `ops rollback
 * checkout-api`; `/wk run command:<text>` → `<text>` verbatim.
 */
export function commandText(options: readonly CommandOption[] | undefined): string {
  const first = options?.[0];
  if (first === undefined) return 'help';
  if (first.name === 'run' && first.type === 1)
    return String(first.options?.[0]?.value ?? '').trim() || 'help';
  const words: string[] = [];
  const walk = (o: CommandOption): void => {
    if (o.type === 1 || o.type === 2) {
      words.push(o.name);
      for (const child of o.options ?? []) walk(child);
    } else if (o.value !== undefined) words.push(String(o.value));
  };
  for (const o of options ?? []) walk(o);
  return words.join(' ').trim();
}

/** An APPLICATION_COMMAND interaction for `/wk` → a `command` ChatEvent. */
export function commandToEvent(i: RawInteraction, ctx: EventContext & { thread?: string }): ChatEvent {
  if (i.data?.name !== 'wk') throw new ValidationError(`unknown command /${i.data?.name ?? '?'}`, []);
  const user = interactionUser(i);
  const where = interactionConversation(i);
  return {
    id: ctx.id,
    platform: DISCORD_PLATFORM,
    principal: discordPrincipal(user.id),
    ...(user.name === undefined ? {} : { displayName: user.name }),
    conversation: ctx.thread === undefined ? where : discordConversation(where.channel, ctx.thread),
    receivedAt: ctx.receivedAt,
    kind: 'command',
    text: commandText(i.data.options),
  };
}

/** The button `custom_id` for a prompt: approval id + the prompt's HMAC token, never the step. */
export function customId(decision: VoteDecision, approvalId: string, token: string): string {
  const id = `${decision === 'approve' ? APPROVE_PREFIX : REJECT_PREFIX}${approvalId}:${token}`;
  if (id.length > CUSTOM_ID_MAX)
    throw new ValidationError(`button custom_id would be ${id.length} characters (max ${CUSTOM_ID_MAX})`, []);
  return id;
}

/**
 * A MESSAGE_COMPONENT click on Approve / Reject → an `approval` ChatEvent. Other components → undefined;
 * a `wk:` id that does not parse throws ValidationError (the approval service checks the token).
 */
export function componentToEvent(i: RawInteraction, ctx: EventContext): ChatEvent | undefined {
  const id = i.data?.custom_id ?? '';
  const decision: VoteDecision | undefined = id.startsWith(APPROVE_PREFIX)
    ? 'approve'
    : id.startsWith(REJECT_PREFIX)
      ? 'reject'
      : undefined;
  if (decision === undefined) return undefined;
  const m = /^([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{1,64})$/.exec(id.slice(APPROVE_PREFIX.length));
  if (m === null) throw new ValidationError('approval button is not one of ours', []);
  const user = interactionUser(i);
  return {
    id: ctx.id,
    platform: DISCORD_PLATFORM,
    principal: discordPrincipal(user.id),
    ...(user.name === undefined ? {} : { displayName: user.name }),
    conversation: interactionConversation(i),
    receivedAt: ctx.receivedAt,
    kind: 'approval',
    approvalId: m[1] as string,
    decision,
    token: m[2] as string,
  };
}

export { opensThread } from '../shared/adapter-support.js';
