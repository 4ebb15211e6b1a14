import { isAbsolute, resolve } from 'node:path';
import { WatchkeeperError } from '../core/index.js';
import { configSchema, type RawConfig } from './config-schema.js';

/** Resolved configuration: paths are absolute, defaults applied. */
export interface AppConfig {
  readonly raw: RawConfig;
  readonly host: string;
  readonly port: number;
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly dataDir: string;
  readonly dbPath: string;
  /** Size budget of the database file in bytes (WATCHKEEPER_DB_MAX_MB). */
  readonly dbMaxBytes?: number;
  readonly policiesDir: string;
  readonly sandboxSeed: string;
  readonly hookToken?: string;
  readonly consoleToken?: string;
  readonly signingKey?: string;
  readonly approvalKey?: string;
  readonly executor: {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryBaseMs: number;
    readonly circuitThreshold: number;
    readonly circuitCooldownMs: number;
  };
  /** The language-model planner; absent without OPENAI_API_KEY (playbooks only). */
  readonly llm?: {
    readonly apiKey: string;
    readonly baseURL?: string;
    readonly model: string;
    readonly temperature: number;
    readonly timeoutMs: number;
    readonly maxTokens: number;
    readonly retries: number;
    readonly deadlineMs: number;
    readonly dailyTokens: number;
    readonly maxSteps: number;
    readonly dedupeWindowMs: number;
  };
  /** Per-domain planner pinning from WATCHKEEPER_PLANNERS. */
  readonly planners: Readonly<Record<string, 'playbook' | 'llm' | 'auto'>>;
  /** Every configured secret value, for the redactor. */
  readonly secrets: readonly string[];
}

const SECRET_KEYS = [
  'WATCHKEEPER_EDR_TOKEN',
  'WATCHKEEPER_IDP_TOKEN',
  'WATCHKEEPER_HOOK_TOKEN',
  'WATCHKEEPER_SIGNING_KEY',
  'WATCHKEEPER_CONSOLE_TOKEN',
  'WATCHKEEPER_APPROVAL_KEY',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'DISCORD_TOKEN',
  'MATRIX_ACCESS_TOKEN',
  'OPENAI_API_KEY',
  'GITHUB_WEBHOOK_SECRET',
  'KUBERNETES_TOKEN',
  'GITHUB_TOKEN',
  'FLAGS_API_TOKEN',
  'VAULT_TOKEN',
  'WATCHKEEPER_SECRETS_JSON',
  'WATCHKEEPER_TOTP_KEY',
  'JIRA_API_TOKEN',
  'JIRA_WEBHOOK_SECRET',
] as const;

/**
 * Parses the environment once. Fails fast with every bad key and its reason listed, so an operator
 * fixes them all in one go. Empty strings count as unset (a blank line in .env is not a value).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): AppConfig {
  const present: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') present[k] = v;
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      `invalid configuration:\n  ${problems.join('\n  ')}`,
      problems,
    );
  }
  const c = parsed.data;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  const dataDir = abs(c.WATCHKEEPER_DATA_DIR);
  return {
    raw: c,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    dataDir,
    dbPath: c.WATCHKEEPER_DB === undefined ? resolve(dataDir, 'watchkeeper.db') : abs(c.WATCHKEEPER_DB),
    ...(c.WATCHKEEPER_DB_MAX_MB === undefined
      ? {}
      : { dbMaxBytes: Math.floor(c.WATCHKEEPER_DB_MAX_MB * 1024 * 1024) }),
    policiesDir: abs(c.WATCHKEEPER_POLICIES),
    sandboxSeed: abs(c.WATCHKEEPER_SANDBOX_SEED ?? resolve(cwd, 'data', 'sandbox-seed.json')),
    ...(c.WATCHKEEPER_HOOK_TOKEN === undefined ? {} : { hookToken: c.WATCHKEEPER_HOOK_TOKEN }),
    ...(c.WATCHKEEPER_CONSOLE_TOKEN === undefined ? {} : { consoleToken: c.WATCHKEEPER_CONSOLE_TOKEN }),
    ...(c.WATCHKEEPER_SIGNING_KEY === undefined ? {} : { signingKey: c.WATCHKEEPER_SIGNING_KEY }),
    ...(c.WATCHKEEPER_APPROVAL_KEY === undefined ? {} : { approvalKey: c.WATCHKEEPER_APPROVAL_KEY }),
    executor: {
      timeoutMs: c.WATCHKEEPER_TOOL_TIMEOUT_MS,
      retries: c.WATCHKEEPER_TOOL_RETRIES,
      retryBaseMs: c.WATCHKEEPER_RETRY_BASE_MS,
      circuitThreshold: c.WATCHKEEPER_CIRCUIT_THRESHOLD,
      circuitCooldownMs: c.WATCHKEEPER_CIRCUIT_COOLDOWN_MS,
    },
    ...(c.OPENAI_API_KEY === undefined
      ? {}
      : {
          llm: {
            apiKey: c.OPENAI_API_KEY,
            ...(c.OPENAI_BASE_URL === undefined ? {} : { baseURL: c.OPENAI_BASE_URL }),
            model: c.OPENAI_MODEL ?? 'gpt-4o-mini',
            temperature: c.WATCHKEEPER_LLM_TEMPERATURE,
            timeoutMs: c.WATCHKEEPER_LLM_TIMEOUT_MS,
            maxTokens: c.WATCHKEEPER_LLM_MAX_TOKENS,
            retries: c.WATCHKEEPER_LLM_RETRIES,
            deadlineMs: c.WATCHKEEPER_LLM_DEADLINE_MS,
            dailyTokens: c.WATCHKEEPER_LLM_DAILY_TOKENS,
            maxSteps: c.WATCHKEEPER_LLM_MAX_STEPS,
            dedupeWindowMs: c.WATCHKEEPER_LLM_DEDUPE_MS,
          },
        }),
    planners: parsePlanners(c.WATCHKEEPER_PLANNERS),
    secrets: SECRET_KEYS.map((k) => c[k]).filter((v): v is string => v !== undefined),
  };
}

/** `operations=playbook, security=llm` → `{ operations: 'playbook', security: 'llm' }` (validated by the schema). */
function parsePlanners(text: string | undefined): Record<string, 'playbook' | 'llm' | 'auto'> {
  const out: Record<string, 'playbook' | 'llm' | 'auto'> = {};
  for (const pair of (text ?? '').split(',')) {
    const [domain, mode] = pair.split('=').map((x) => x.trim());
    if (domain && (mode === 'playbook' || mode === 'llm' || mode === 'auto')) out[domain] = mode;
  }
  return out;
}
