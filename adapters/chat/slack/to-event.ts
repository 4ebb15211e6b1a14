import { validate, type ChatEvent, type Conversation, type VoteDecision } from '../../../src/core/index.js';
import {
  appMentionSchema,
  blockActionsSchema,
  buttonValueSchema,
  slashCommandSchema,
} from './slack-payloads.js';

export const SLACK_PLATFORM = 'slack';
export const APPROVE_ACTION = 'wk_approve';
export const REJECT_ACTION = 'wk_reject';

/** What every inbound Slack event needs besides its payload; ids and time are injected. */
export interface EventContext {
  readonly id: string;
  readonly receivedAt: string;
}

/** `slack:<team>:<user>`: user ids are unique per workspace only, so the team is part of the id. */
export function slackPrincipal(team: string, user: string): string {
  return `${SLACK_PLATFORM}:${team}:${user}`;
}

export function slackConversation(channel: string, thread?: string): Conversation {
  return thread === undefined
    ? { platform: SLACK_PLATFORM, channel }
    : { platform: SLACK_PLATFORM, channel, thread };
}

/**
 * A `/wk` slash command → a `command` ChatEvent (the text after `/wk`). `thread` is where the run's
 * messages should go when the adapter opened a thread for the command (its anchor message).
 */
export function commandToEvent(payload: unknown, ctx: EventContext & { thread?: string }): ChatEvent {
  const p = validate(slashCommandSchema, payload, 'Slack slash command');
  return {
    id: ctx.id,
    platform: SLACK_PLATFORM,
    principal: slackPrincipal(p.team_id, p.user_id),
    ...(p.user_name !== undefined && p.user_name !== '' ? { displayName: p.user_name } : {}),
    // the adapter's own anchor message opened the thread, so the run may edit it (see Conversation)
    conversation:
      ctx.thread === undefined
        ? slackConversation(p.channel_id)
        : { ...slackConversation(p.channel_id, ctx.thread), anchored: true },
    receivedAt: ctx.receivedAt,
    kind: 'command',
    text: p.text.trim(),
  };
}

/**
 * A block_actions click on an Approve / Reject button → an `approval` ChatEvent carrying the button's
 * approval id and token. Other actions → undefined. A value that is not ours throws ValidationError.
 */
export function actionToEvent(payload: unknown, ctx: EventContext): ChatEvent | undefined {
  const p = validate(blockActionsSchema, payload, 'Slack block_actions payload');
  const action = p.actions.find((a) => a.action_id === APPROVE_ACTION || a.action_id === REJECT_ACTION);
  if (action === undefined) return undefined;
  const decision: VoteDecision = action.action_id === APPROVE_ACTION ? 'approve' : 'reject';
  const value = validate(buttonValueSchema, parseJson(action.value), 'approval button value');
  const team = p.user.team_id ?? p.team?.id ?? 'unknown';
  const channel = p.container?.channel_id ?? p.channel?.id ?? 'unknown';
  const name = p.user.username ?? p.user.name;
  return {
    id: ctx.id,
    platform: SLACK_PLATFORM,
    principal: slackPrincipal(team, p.user.id),
    ...(name !== undefined && name !== '' ? { displayName: name } : {}),
    conversation: slackConversation(channel, p.message?.thread_ts),
    receivedAt: ctx.receivedAt,
    kind: 'approval',
    approvalId: value.a,
    decision,
    token: value.t,
  };
}

/**
 * An `app_mention` → a command for `ask` with the free text (mentions stripped); replies go to the
 * mention's thread. A bare mention asks for `help`.
 */
export function mentionToEvent(event: unknown, teamId: string, ctx: EventContext): ChatEvent {
  const e = validate(appMentionSchema, event, 'Slack app_mention event');
  const text = e.text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    id: ctx.id,
    platform: SLACK_PLATFORM,
    principal: slackPrincipal(e.team ?? teamId, e.user),
    conversation: slackConversation(e.channel, e.thread_ts ?? e.ts),
    receivedAt: ctx.receivedAt,
    kind: 'command',
    text: text === '' ? 'help' : `ask ${text}`,
  };
}

function parseJson(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export { opensThread } from '../shared/adapter-support.js';
