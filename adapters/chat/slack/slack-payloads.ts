import { z } from 'zod';

/**
 * The parts of Slack's inbound payloads the adapter reads, validated once at the edge. Unknown fields
 * pass through: Slack adds fields often and never removes the ones used here.
 * @see https://api.slack.com/interactivity/slash-commands
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 * @see https://api.slack.com/events/app_mention
 */
const id = z.string().min(1);

export const slashCommandSchema = z
  .object({
    team_id: id,
    channel_id: id,
    user_id: id,
    user_name: z.string().optional(),
    command: id,
    text: z.string().default(''),
    response_url: z.string().optional(),
    trigger_id: z.string().optional(),
  })
  .loose();
export type SlashCommandPayload = z.output<typeof slashCommandSchema>;

export const blockActionsSchema = z
  .object({
    type: z.literal('block_actions'),
    team: z.object({ id }).loose().nullable().optional(),
    user: z
      .object({
        id,
        username: z.string().optional(),
        name: z.string().optional(),
        team_id: z.string().optional(),
      })
      .loose(),
    container: z
      .object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional() })
      .loose()
      .optional(),
    channel: z.object({ id }).loose().optional(),
    message: z.object({ ts: id, thread_ts: z.string().optional() }).loose().optional(),
    trigger_id: z.string().optional(),
    response_url: z.string().optional(),
    actions: z
      .array(
        z
          .object({
            action_id: id,
            block_id: z.string().optional(),
            type: z.string(),
            value: z.string().optional(),
            action_ts: z.string().optional(),
          })
          .loose(),
      )
      .min(1),
  })
  .loose();
export type BlockActionsPayload = z.output<typeof blockActionsSchema>;

export const appMentionSchema = z
  .object({
    type: z.literal('app_mention'),
    user: id,
    text: z.string(),
    ts: id,
    channel: id,
    thread_ts: z.string().optional(),
    team: z.string().optional(),
  })
  .loose();
export type AppMentionPayload = z.output<typeof appMentionSchema>;

/** What an Approve / Reject button carries: the approval id and the prompt's HMAC token. */
export const buttonValueSchema = z.object({ a: id.max(100), t: id.max(500) });
