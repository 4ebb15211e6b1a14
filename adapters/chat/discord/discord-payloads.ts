import { z } from 'zod';

/**
 * The parts of a Discord interaction we read, validated once at the edge. Unknown fields pass through.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
const userSchema = z.object({ id: z.string().min(1), username: z.string().optional() }).passthrough();

const optionSchema: z.ZodType<CommandOption> = z.lazy(() =>
  z
    .object({
      name: z.string(),
      type: z.number().int(),
      value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      options: z.array(optionSchema).optional(),
    })
    .passthrough(),
);

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: CommandOption[] | undefined;
}

export const interactionSchema = z
  .object({
    id: z.string().min(1),
    application_id: z.string().optional(),
    type: z.number().int(),
    token: z.string().optional(),
    guild_id: z.string().optional(),
    channel_id: z.string().optional(),
    channel: z
      .object({ id: z.string(), type: z.number().int().optional(), parent_id: z.string().nullish() })
      .passthrough()
      .optional(),
    member: z
      .object({ user: userSchema, roles: z.array(z.string()).optional(), nick: z.string().nullish() })
      .passthrough()
      .optional(),
    user: userSchema.optional(),
    data: z
      .object({
        name: z.string().optional(),
        options: z.array(optionSchema).optional(),
        custom_id: z.string().optional(),
        component_type: z.number().int().optional(),
      })
      .passthrough()
      .optional(),
    message: z.object({ id: z.string(), channel_id: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

export type RawInteraction = z.infer<typeof interactionSchema>;

/** Interaction types (protocols §2.1). */
export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4 } as const;
/** Callback types (protocols §2.1). */
export const CallbackType = { Pong: 1, Message: 4, Deferred: 5, DeferredUpdate: 6, Update: 7 } as const;
export const EPHEMERAL = 1 << 6;
