import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const optionalSecret = z.string().min(1).optional();
const url = z.url().optional();

/**
 * Every setting Watchkeeper reads, in one schema. Keys are the environment variable names
 * (documented in .env.example); nothing here is required, so `npm start` works with no tokens.
 */
export const configSchema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
    WATCHKEEPER_DATA_DIR: z.string().min(1).default('data'),
    WATCHKEEPER_DB: z.string().min(1).optional(),
    WATCHKEEPER_POLICIES: z.string().min(1).default('policies'),
    WATCHKEEPER_SANDBOX_SEED: z.string().min(1).optional(),
    WATCHKEEPER_HOOK_TOKEN: optionalSecret,
    WATCHKEEPER_SIGNING_KEY: optionalSecret,
    WATCHKEEPER_CONSOLE_TOKEN: optionalSecret,
    WATCHKEEPER_APPROVAL_KEY: optionalSecret,
    WATCHKEEPER_TOOL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    WATCHKEEPER_TOOL_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    WATCHKEEPER_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(200),
    WATCHKEEPER_CIRCUIT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
    WATCHKEEPER_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).default(60_000),
    SLACK_BOT_TOKEN: optionalSecret,
    SLACK_SIGNING_SECRET: optionalSecret,
    SLACK_APP_TOKEN: optionalSecret,
    SLACK_API_URL: url,
    DISCORD_TOKEN: optionalSecret,
    DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'expected a numeric snowflake').optional(),
    DISCORD_PUBLIC_KEY: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'expected 64 hex characters')
      .optional(),
    DISCORD_GUILD_ID: z.string().regex(/^\d+$/, 'expected a numeric snowflake').optional(),
    DISCORD_API_URL: url,
    MATRIX_HOMESERVER_URL: url,
    MATRIX_ACCESS_TOKEN: optionalSecret,
    MATRIX_USER_ID: z
      .string()
      .regex(/^@[^:]+:.+$/, 'expected @user:server')
      .optional(),
    OPENAI_API_KEY: optionalSecret,
    OPENAI_BASE_URL: url,
    OPENAI_MODEL: z.string().min(1).optional(),
    WATCHKEEPER_LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0),
    WATCHKEEPER_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
    WATCHKEEPER_LLM_MAX_TOKENS: z.coerce.number().int().min(64).max(100_000).default(2_000),
    WATCHKEEPER_LLM_RETRIES: z.coerce.number().int().min(0).max(6).default(2),
    WATCHKEEPER_LLM_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(45_000),
    WATCHKEEPER_LLM_DAILY_TOKENS: z.coerce.number().int().min(0).default(500_000),
    WATCHKEEPER_LLM_MAX_STEPS: z.coerce.number().int().min(1).max(20).default(8),
    WATCHKEEPER_LLM_DEDUPE_MS: z.coerce.number().int().min(0).default(120_000),
    WATCHKEEPER_PLANNERS: z
      .string()
      .regex(
        /^\s*[a-z][\w-]*\s*=\s*(playbook|llm|auto)\s*(,\s*[a-z][\w-]*\s*=\s*(playbook|llm|auto)\s*)*$/,
        'expected domain=playbook|llm|auto pairs separated by commas, e.g. operations=playbook,security=llm',
      )
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (!isLoopback(c.HOST) && c.WATCHKEEPER_CONSOLE_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['WATCHKEEPER_CONSOLE_TOKEN'],
        message: `required when HOST is not a loopback address (HOST=${c.HOST}): the console can approve actions`,
      });
    }
    // Half a Slack configuration is a mistake worth stopping for, not a silently absent adapter.
    const slackMode = c.SLACK_SIGNING_SECRET !== undefined || c.SLACK_APP_TOKEN !== undefined;
    if (c.SLACK_BOT_TOKEN !== undefined && !slackMode) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
    if (c.SLACK_BOT_TOKEN === undefined && slackMode) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'required with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN',
      });
    }
    // Likewise for Matrix: the adapter needs all three, so half of them is a mistake, not "off".
    const matrixKeys = ['MATRIX_HOMESERVER_URL', 'MATRIX_ACCESS_TOKEN', 'MATRIX_USER_ID'] as const;
    const matrixSet = matrixKeys.filter((k) => c[k] !== undefined);
    if (matrixSet.length > 0 && matrixSet.length < matrixKeys.length) {
      for (const k of matrixKeys.filter((k) => c[k] === undefined))
        ctx.addIssue({ code: 'custom', path: [k], message: `required with ${matrixSet.join(' and ')}` });
    }
    // And for Discord: an application id plus a token (gateway) or a public key (HTTP interactions).
    const discordSet = (['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY', 'DISCORD_GUILD_ID'] as const).filter(
      (k) => c[k] !== undefined,
    );
    if (discordSet.length > 0 && c.DISCORD_APPLICATION_ID === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_APPLICATION_ID'],
        message: `required with ${discordSet.join(' and ')}`,
      });
    if (
      c.DISCORD_APPLICATION_ID !== undefined &&
      c.DISCORD_TOKEN === undefined &&
      c.DISCORD_PUBLIC_KEY === undefined
    )
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_TOKEN'],
        message:
          'required with DISCORD_APPLICATION_ID (gateway), or set DISCORD_PUBLIC_KEY for HTTP interactions',
      });
  });

export type RawConfig = z.output<typeof configSchema>;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
