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
    /** Size budget of the database file in MiB; writes past it fail with STORE_FULL (HTTP 507). */
    WATCHKEEPER_DB_MAX_MB: z.coerce.number().positive().optional(),
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
    // Operations (README "Operations"): service map, GitHub webhooks, flap window, backends.
    WATCHKEEPER_SERVICE_MAP: z.string().min(1).optional(),
    GITHUB_WEBHOOK_SECRET: optionalSecret,
    WATCHKEEPER_OPS_FLAP_WINDOW_MS: z.coerce.number().int().min(0).default(600_000),
    WATCHKEEPER_OPS_TTL_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
    WATCHKEEPER_OPS_BACKEND: z.enum(['sandbox', 'kubernetes']).default('sandbox'),
    WATCHKEEPER_OPS_ENVIRONMENT: z.string().min(1).default('production'),
    // e.g. checkout-api=99.9/30d,cart=99.5/7d (README "Operations"); checked again by the ops skill
    WATCHKEEPER_SLOS: z.string().min(1).optional(),
    WATCHKEEPER_SLO_ERROR_QUERY: z.string().min(1).optional(),
    WATCHKEEPER_SLO_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    KUBERNETES_API_URL: url,
    KUBERNETES_TOKEN: optionalSecret,
    KUBERNETES_NAMESPACE: z.string().min(1).default('default'),
    PROMETHEUS_URL: url,
    ALERTMANAGER_URL: url,
    GITHUB_TOKEN: optionalSecret,
    GITHUB_API_URL: url,
    // Tech support (README "Tech support"): intake channels, escalation, diagnostics, KB, PII, Jira.
    SUPPORT_INTAKE_CHANNELS: z
      .string()
      .regex(/^\s*[a-z]+:[^,\s]+(\s*,\s*[a-z]+:[^,\s]+)*\s*$/, 'expected platform:channel, comma-separated')
      .optional(),
    SUPPORT_ESCALATION_CHANNEL: z
      .string()
      .regex(/^[a-z]+:[^,\s]+$/, 'expected platform:channel')
      .optional(),
    SUPPORT_DIAGNOSTICS: z.string().min(1).optional(),
    SUPPORT_KB_DIR: z.string().min(1).optional(),
    SUPPORT_PII: z.string().min(1).optional(),
    SUPPORT_ALERT_WINDOW_MS: z.coerce.number().int().min(0).default(7_200_000),
    JIRA_BASE_URL: url,
    JIRA_EMAIL: z.string().min(1).optional(),
    JIRA_API_TOKEN: optionalSecret,
    JIRA_WEBHOOK_SECRET: optionalSecret,
    JIRA_DONE_TRANSITION: z.string().min(1).default('Done'),
    FLAGS_API_URL: url,
    FLAGS_API_TOKEN: optionalSecret,
    WATCHKEEPER_SECRETS_FILE: z.string().min(1).optional(),
    WATCHKEEPER_SECRETS_JSON: optionalSecret,
    VAULT_ADDR: url,
    VAULT_TOKEN: optionalSecret,
    VAULT_NAMESPACE: z.string().min(1).optional(),
    WATCHKEEPER_VAULT_KV_MOUNT: z.string().min(1).default('secret'),
    WATCHKEEPER_VAULT_PREFIX: z.string().min(1).default('watchkeeper'),
    WATCHKEEPER_VAULT_DYNAMIC: z
      .string()
      .regex(
        /^\s*[^=,\s]+\s*=\s*[^=,\s]+\s*(,\s*[^=,\s]+\s*=\s*[^=,\s]+\s*)*$/,
        'expected scope=path pairs separated by commas, e.g. db:read=database/creds/readonly',
      )
      .optional(),
    WATCHKEEPER_CREDENTIAL_MAX_TTL: z.coerce.number().int().min(1).max(86_400).default(900),
    WATCHKEEPER_TOTP_KEY: optionalSecret,
    WATCHKEEPER_FLOOD_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(60),
    WATCHKEEPER_FLOOD_BURST: z.coerce.number().int().min(1).max(10_000).default(60),
    WATCHKEEPER_CHANNEL_FLOOD_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(240),
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
    // Rollout and disaster recovery (README "Rolling out safely", "Backup and restore").
    WATCHKEEPER_VERSIONS: z.string().min(1).optional(),
    WATCHKEEPER_BACKUP_DIR: z.string().min(1).optional(),
    WATCHKEEPER_BACKUP_INTERVAL_MINUTES: z.coerce.number().min(0).default(0),
    WATCHKEEPER_BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
    WATCHKEEPER_RESTORE_FROM: z.string().min(1).optional(),
    WATCHKEEPER_AUTONOMY_DEMOTE_AFTER: z.coerce.number().int().min(0).default(3),
    WATCHKEEPER_AUTONOMY_WINDOW_DAYS: z.coerce.number().int().min(1).default(30),
    // Security containment backends (README "Security"): a generic EDR/firewall webhook API and a
    // SCIM 2.0 identity provider. Absent: containment acts on the sandbox.
    WATCHKEEPER_EDR_URL: url,
    WATCHKEEPER_EDR_TOKEN: optionalSecret,
    WATCHKEEPER_IDP_URL: url,
    WATCHKEEPER_IDP_TOKEN: optionalSecret,
    WATCHKEEPER_IDP_REVOKE_SESSIONS: z
      .string()
      .regex(/^(POST|DELETE) \/\S*\{id\}\S*$/, 'expected "POST /path/{id}/..." or "DELETE /path/{id}/..."')
      .optional(),
    WATCHKEEPER_CONTAINMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    WATCHKEEPER_CONTAINMENT_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    // Folder with assets.yaml, security-benign.yaml, intel/ and osv/ (each optional).
    WATCHKEEPER_SECURITY_DATA: z.string().min(1).default('data'),
    // Scheduled drills (README "Dashboards, drills and replays"): name=cron pairs separated by `;`.
    WATCHKEEPER_DRILLS: z.string().min(1).optional(),
    // OpenTelemetry trace export (README "Dashboards, drills and replays"); off when no endpoint is set.
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_HEADERS: optionalSecret,
    OTEL_SERVICE_NAME: z.string().min(1).default('watchkeeper'),
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
    // A containment backend without its token would only ever answer 401.
    for (const [u, t] of [
      ['WATCHKEEPER_EDR_URL', 'WATCHKEEPER_EDR_TOKEN'],
      ['WATCHKEEPER_IDP_URL', 'WATCHKEEPER_IDP_TOKEN'],
      ['VAULT_ADDR', 'VAULT_TOKEN'],
    ] as const) {
      if ((c[u] === undefined) !== (c[t] === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [c[u] === undefined ? u : t],
          message: `required with ${c[u] === undefined ? t : u}`,
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
