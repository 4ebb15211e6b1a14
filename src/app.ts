/**
 * Composition root: the only file that wires modules together. Everything else receives its
 * collaborators as core interfaces through constructors.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createConsoleAdapter } from '../adapters/chat/console/index.js';
import type { SlackAdapterOptions } from '../adapters/chat/slack/index.js';
import type { DiscordAdapterOptions } from '../adapters/chat/discord/index.js';
import type { MatrixAdapterOptions } from '../adapters/chat/matrix/index.js';
import { createAlertmanagerSource } from '../adapters/sources/alertmanager/index.js';
import { createGenericSource } from '../adapters/sources/generic/index.js';
import {
  createSandboxServiceContext,
  createSandboxTools,
  loadSeedFile,
  seedSandbox,
} from '../adapters/tools/sandbox/index.js';
import { createOperationsSkill } from '../skills/operations/index.js';
import { createLedger, loadOrCreateSigningKey } from './audit/index.js';
import { loadOrCreateSecretFile, type AppConfig } from './config/index.js';
import {
  BOT_PRINCIPAL_ID,
  systemClock,
  type Clock,
  type ConsoleQueries,
  type Logger,
  type Tool,
  type ToolRegistry,
} from './core/index.js';
import {
  ChatRouter,
  Gateway,
  Notifier,
  RateLimiter,
  SignalPipeline,
  createIdentityResolver,
} from './gateway/index.js';
import {
  createApiRoutes,
  createHealthRoutes,
  createHookRoutes,
  createHttpServer,
  createMetrics,
} from './http/index.js';
import { Redactor, createLogger } from './log/index.js';
import { createMemory } from './memory/index.js';
import { createOrchestrator } from './orchestrator/index.js';
import { TokenBudget, createLlmPlanner, createPlanner, createPlaybookPlanner } from './planner/index.js';
import { createApprovalService, createPolicyEngine, loadPolicies } from './policy/index.js';
import { openSqliteStore } from './store/index.js';

export interface AppDeps {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** How often pending approvals are checked for expiry. */
  readonly expiryIntervalMs?: number;
  /** Slack outbox pacing and timeouts (tests use short ones). */
  readonly slack?: Pick<SlackAdapterOptions, 'delivery' | 'postWaitMs' | 'socket'>;
  /** Discord outbox back-off and REST timeouts (tests use short ones). */
  readonly discord?: Pick<DiscordAdapterOptions, 'delivery' | 'postWaitMs' | 'rest' | 'readyTimeoutMs'>;
  /** Matrix long-poll, outbox back-off and timeouts (tests use short ones). */
  readonly matrix?: Pick<MatrixAdapterOptions, 'delivery' | 'postWaitMs' | 'pollTimeoutMs' | 'seedReactions'>;
}

export type App = Awaited<ReturnType<typeof createApp>>;

export async function createApp(config: AppConfig, deps: AppDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const redactor = new Redactor(config.secrets);
  const logger = deps.logger ?? createLogger({ level: config.logLevel, redactor });
  const now = (): string => clock.now().toISOString();

  const policy = createPolicyEngine(loadPolicies(config.policiesDir));
  const store = openSqliteStore({ path: config.dbPath, clock, logger: logger.child('store') });
  const ledger = createLedger({
    repo: store.audit,
    signingKey: loadOrCreateSigningKey({
      dataDir: config.dataDir,
      ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
    }),
    clock,
    redact: (v) => redactor.value(v),
  });
  const memory = createMemory({ repo: store.memory, clock, redact: (t) => redactor.text(t) });
  seedSandbox(store.sandbox, loadSeedFile(config.sandboxSeed));

  const tools = createSandboxTools({ state: store.sandbox });
  const services = createSandboxServiceContext({ state: store.sandbox });
  const registry = toolRegistry(tools);
  const skills = [createOperationsSkill({ tools })];
  const { metrics, registry: metricsRegistry } = createMetrics();
  const llm = config.llm;
  // Chat SDKs and LangChain are loaded only when configured: they double start-up time and memory.
  const { createOpenAiPlanModel } =
    llm === undefined
      ? { createOpenAiPlanModel: undefined }
      : await import('./planner/create-openai-plan-model.js');
  const planner = createPlanner({
    playbook: createPlaybookPlanner({ skills }),
    ...(llm === undefined || createOpenAiPlanModel === undefined
      ? {}
      : {
          llm: createLlmPlanner({
            skills,
            model: createOpenAiPlanModel(llm),
            audit: ledger,
            budget: new TokenBudget(store.kv, clock, llm.dailyTokens),
            metrics,
            clock,
            logger: logger.child('planner'),
            redact: (v) => redactor.value(v),
            memory,
            maxSteps: llm.maxSteps,
            deadlineMs: llm.deadlineMs,
            dedupeWindowMs: llm.dedupeWindowMs,
          }),
        }),
    modes: config.planners,
    defaultMode: 'auto',
  });
  const identities = createIdentityResolver(policy, store.identities, now);
  const approvals = createApprovalService({
    repo: store.approvals,
    policy,
    audit: ledger,
    clock,
    hmacKey:
      config.approvalKey === undefined
        ? loadOrCreateSecretFile(join(config.dataDir, 'keys', 'approval-hmac.key'))
        : Buffer.from(config.approvalKey),
    newId: approvalId,
    stepDigestOf: (stepId) => store.runs.getStep(stepId)?.digest,
  });
  const chat = new ChatRouter(logger.child('chat'), (v) => redactor.value(v));
  const notifier = new Notifier({
    chat,
    links: store.messageLinks,
    subscriptions: store.subscriptions,
    incidents: store.incidents,
    runs: store.runs,
    approvals,
    logger: logger.child('notifier'),
    now,
  });
  const orchestrator = createOrchestrator({
    runs: store.runs,
    tools: registry,
    policy,
    identities,
    approvals,
    audit: ledger,
    observer: notifier,
    metrics,
    clock,
    logger: logger.child('orchestrator'),
    random,
    executor: config.executor,
  });
  const pipeline = new SignalPipeline({
    sources: [createAlertmanagerSource(), createGenericSource()],
    inbox: store.inbox,
    incidents: store.incidents,
    transaction: (fn) => store.transaction(fn),
    skills,
    planner,
    orchestrator,
    notifier,
    memory,
    audit: ledger,
    metrics,
    clock,
    logger: logger.child('intake'),
    redact: (v) => redactor.value(v),
    services,
  });
  const gateway = new Gateway({
    skills,
    planner,
    orchestrator,
    approvals,
    identities,
    incidents: store.incidents,
    runs: store.runs,
    subscriptions: store.subscriptions,
    notifier,
    audit: ledger,
    metrics,
    limiter: new RateLimiter(60, 60_000, () => clock.now().getTime()),
    logger: logger.child('gateway'),
    redact: (v) => redactor.value(v),
    now,
    pendingApprovals: () => store.approvals.list({ status: 'pending', limit: 50 }),
    languageModel: llm !== undefined,
    memory,
    services,
  });
  const consoleAdapter = createConsoleAdapter({
    clock,
    logger: logger.child('console'),
    newId: randomUUID,
    intake: pipeline,
  });
  chat.register(consoleAdapter);
  const raw = config.raw;
  const slackAdapter =
    raw.SLACK_BOT_TOKEN === undefined
      ? undefined
      : (await import('../adapters/chat/slack/index.js')).createSlackAdapter({
          botToken: raw.SLACK_BOT_TOKEN,
          ...(raw.SLACK_SIGNING_SECRET === undefined ? {} : { signingSecret: raw.SLACK_SIGNING_SECRET }),
          ...(raw.SLACK_APP_TOKEN === undefined ? {} : { appToken: raw.SLACK_APP_TOKEN }),
          ...(raw.SLACK_API_URL === undefined ? {} : { apiUrl: raw.SLACK_API_URL }),
          outbox: store.outbox,
          clock,
          logger: logger.child('slack'),
          newId: randomUUID,
          ...deps.slack,
        });
  if (slackAdapter !== undefined) chat.register(slackAdapter);
  // Discord: DISCORD_APPLICATION_ID plus DISCORD_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions)
  const discordAdapter =
    raw.DISCORD_APPLICATION_ID === undefined ||
    (raw.DISCORD_TOKEN === undefined && raw.DISCORD_PUBLIC_KEY === undefined)
      ? undefined
      : (await import('../adapters/chat/discord/index.js')).createDiscordAdapter({
          applicationId: raw.DISCORD_APPLICATION_ID,
          ...(raw.DISCORD_TOKEN === undefined ? {} : { token: raw.DISCORD_TOKEN }),
          ...(raw.DISCORD_PUBLIC_KEY === undefined ? {} : { publicKey: raw.DISCORD_PUBLIC_KEY }),
          ...(raw.DISCORD_GUILD_ID === undefined ? {} : { guildId: raw.DISCORD_GUILD_ID }),
          ...(raw.DISCORD_API_URL === undefined ? {} : { apiUrl: raw.DISCORD_API_URL }),
          skills: skills.map((s) => ({
            id: s.id,
            commands: s.commands,
            ...(s.aliases ? { aliases: s.aliases } : {}),
          })),
          outbox: store.outbox,
          clock,
          logger: logger.child('discord'),
          newId: randomUUID,
          ...deps.discord,
        });
  if (discordAdapter !== undefined) chat.register(discordAdapter);
  const matrixAdapter =
    raw.MATRIX_HOMESERVER_URL === undefined ||
    raw.MATRIX_ACCESS_TOKEN === undefined ||
    raw.MATRIX_USER_ID === undefined
      ? undefined
      : (await import('../adapters/chat/matrix/index.js')).createMatrixAdapter({
          homeserverUrl: raw.MATRIX_HOMESERVER_URL,
          accessToken: raw.MATRIX_ACCESS_TOKEN,
          userId: raw.MATRIX_USER_ID,
          outbox: store.outbox,
          kv: store.kv,
          clock,
          logger: logger.child('matrix'),
          newId: randomUUID,
          isPrincipalAllowed: (principal) => policy.isPrincipalAllowed(principal),
          ...deps.matrix,
        });
  if (matrixAdapter !== undefined) chat.register(matrixAdapter);

  let ready = false;
  const queries: ConsoleQueries = {
    incidents: (f) => store.incidents.list(f),
    incident: (id) => {
      const incident = store.incidents.get(id);
      return incident === undefined
        ? undefined
        : { incident, signals: store.incidents.signals(id), runs: store.runs.listByIncident(id) };
    },
    approvals: (f) => store.approvals.list(f),
    audit: (after, limit) => ledger.after(after, limit),
    verifyAudit: () => ledger.verify(),
    ready: () => ready,
  };
  const http = createHttpServer({
    host: config.host,
    port: config.port,
    routes: [
      ...createHookRoutes({ intake: pipeline, sources: ['alertmanager', 'generic'] }),
      ...createApiRoutes({ queries }),
      ...createHealthRoutes({
        ready: () => ready,
        registry: metricsRegistry,
        checks: () =>
          Object.fromEntries(chat.all().flatMap((a) => (a.health ? [[a.platform, a.health()]] : []))),
      }),
      ...consoleAdapter.routes(),
      ...(slackAdapter?.routes() ?? []),
      ...(discordAdapter?.routes() ?? []),
    ],
    ...(config.consoleToken === undefined ? {} : { consoleToken: config.consoleToken }),
    ...(config.hookToken === undefined ? {} : { hookToken: config.hookToken }),
    logger: logger.child('http'),
  });
  let ticker: NodeJS.Timeout | undefined;

  return {
    config,
    store,
    ledger,
    pipeline,
    orchestrator,
    gateway,
    /** The Slack adapter when SLACK_BOT_TOKEN is set. */
    slack: slackAdapter,
    /** The Discord adapter when DISCORD_APPLICATION_ID and DISCORD_TOKEN or DISCORD_PUBLIC_KEY are set. */
    discord: discordAdapter,
    /** The Matrix adapter when MATRIX_HOMESERVER_URL, MATRIX_ACCESS_TOKEN and MATRIX_USER_ID are set. */
    matrix: matrixAdapter,
    /** Starts adapters, recovers interrupted work, then listens. */
    async start(): Promise<{ url: string; host: string; port: number }> {
      if (store.subscriptions.forChannel('console', 'ops').length === 0) {
        store.subscriptions.add({
          conversation: { platform: 'console', channel: 'ops' },
          filter: '',
          createdBy: BOT_PRINCIPAL_ID,
          at: now(),
        });
      }
      for (const adapter of chat.all()) await adapter.start(gateway.sink);
      const unknown = await orchestrator.recover();
      if (unknown.length > 0)
        logger.warn('steps interrupted by the last stop are now unknown', {
          steps: unknown.map((s) => s.id),
        });
      pipeline.recover();
      ticker = setInterval(
        () =>
          void orchestrator
            .expireApprovals()
            .catch((err: unknown) => logger.error('expiry failed', { error: String(err) })),
        deps.expiryIntervalMs ?? 5_000,
      );
      ticker.unref();
      const address = await http.listen();
      ready = true;
      ledger.append({
        kind: 'system',
        actor: BOT_PRINCIPAL_ID,
        data: { event: 'started', url: address.url },
      });
      logger.info('watchkeeper started', { url: address.url, db: config.dbPath });
      return address;
    },
    /** Graceful: finishes in-flight requests and work, then closes the database. */
    async stop(): Promise<void> {
      ready = false;
      if (ticker !== undefined) clearInterval(ticker);
      await http.close();
      for (const adapter of chat.all()) await adapter.stop();
      await pipeline.idle();
      await orchestrator.shutdown();
      store.close();
    },
  };
}

function toolRegistry(tools: readonly Tool[]): ToolRegistry {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return { get: (name) => byName.get(name), list: () => [...byName.values()] };
}

/** Short approval ids people can type: `A-` and six Crockford base32 characters. */
function approvalId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `A-${[...randomBytes(6)].map((b) => alphabet[b % 32]).join('')}`;
}
