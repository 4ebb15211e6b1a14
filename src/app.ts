/**
 * Composition root: the only file that wires modules together. Everything else receives its
 * collaborators as core interfaces through constructors.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleAdapter, createDashboardAssetRoutes } from '../adapters/chat/console/index.js';
import type { SlackAdapterOptions } from '../adapters/chat/slack/index.js';
import type { DiscordAdapterOptions } from '../adapters/chat/discord/index.js';
import type { MatrixAdapterOptions } from '../adapters/chat/matrix/index.js';
import { createAlertmanagerSource } from '../adapters/sources/alertmanager/index.js';
import { createGenericSource } from '../adapters/sources/generic/index.js';
import { createGithubHookRoute, createGithubSource } from '../adapters/sources/github/index.js';
import { createGrafanaSource } from '../adapters/sources/grafana/index.js';
import { createAlertmanagerTools } from '../adapters/tools/alertmanager/index.js';
import { createFeatureFlagTools } from '../adapters/tools/feature-flags/index.js';
import { createGithubActionsTools } from '../adapters/tools/github-actions/index.js';
import { createKubernetesReadTools, createKubernetesTools } from '../adapters/tools/kubernetes/index.js';
import { createPrometheusTools } from '../adapters/tools/prometheus/index.js';
import { createJiraHookRoute, createJiraSource } from '../adapters/sources/jira/index.js';
import { createTicketApiRoutes, createTicketSource } from '../adapters/sources/tickets/index.js';
import {
  createDiagnosticsTool,
  loadDiagnostics,
  serviceStatusChecks,
} from '../adapters/tools/diagnostics/index.js';
import {
  createBuiltinTicketing,
  createGitHubTicketing,
  createJiraTicketing,
  createTicketingTools,
} from '../adapters/tools/ticketing/index.js';
import {
  SupportDesk,
  createSupportPlanner,
  createSupportSkill,
  createSupportTools,
  indexRunbooks,
  loadRunbooks,
  piiPatterns,
  recordTickets,
  redactPii,
} from '../skills/support/index.js';
import { createSecuritySource } from '../adapters/sources/security/index.js';
import {
  activeSilence,
  createSandboxOpsTools,
  createSandboxServiceContext,
  createSandboxSecurityTools,
  dueFlagReverts,
  createSandboxTools,
  loadSeedFile,
  seedSandbox,
  SANDBOX_KINDS,
} from '../adapters/tools/sandbox/index.js';
import {
  FlagTtlScheduler,
  OpsChangeLog,
  ServiceMap,
  createOperationsSkill,
  loadServiceMapFile,
  observeSignals,
  parseSlos,
  SloWatcher,
  createServiceMapRoute,
  type ErrorRatioQuery,
} from '../skills/operations/index.js';
import { createEdrTools } from '../adapters/tools/edr/index.js';
import { createIdentityTools } from '../adapters/tools/identity/index.js';
import { createEvidenceRoute, createEvidenceService, createSecuritySkill } from '../skills/security/index.js';
import { createIntelStore } from '../skills/security/intel/index.js';
import {
  createSecurityTriage,
  emptyAssetInventory,
  emptyBenignList,
  loadAssetInventory,
  loadBenignList,
} from '../skills/security/triage/index.js';
import { loadOsvAdvisories, matchVulnerabilities } from '../skills/security/vulns/index.js';
import {
  createLedger,
  loadOrCreateSigningKey,
  playback,
  publicKeyPemOf,
  verifyEntries,
} from './audit/index.js';
import { loadOrCreateSecretFile, type AppConfig } from './config/index.js';
import {
  BOT_PRINCIPAL_ID,
  WatchkeeperError,
  systemClock,
  type AuditLog,
  type AuditReader,
  type Clock,
  type ConsoleQueries,
  type Logger,
  type Store,
  type Tool,
  type ToolRegistry,
  type ChatEventSink,
  type Conversation,
  type Memory,
  type Planner,
  type AutonomyMode,
  type RunObserver,
  type RunRecord,
  type Skill,
  type ServiceContext,
  type SignalIntake,
  type SignalSource,
} from './core/index.js';
import {
  ChatRouter,
  Gateway,
  Notifier,
  RateLimiter,
  TokenBucketLimiter,
  SignalPipeline,
  createIdentityResolver,
  createRetroCommand,
} from './gateway/index.js';
import {
  createApiRoutes,
  createHealthRoutes,
  createHookRoutes,
  createHttpServer,
  createMetrics,
  createDashboardMetrics,
  createDashboardRoutes,
} from './http/index.js';
import { Redactor, createLogger } from './log/index.js';
import { createMemory } from './memory/index.js';
import { createOrchestrator } from './orchestrator/index.js';
import {
  TokenBudget,
  createLlmPlanner,
  createPlanner,
  createPlaybookPlanner,
  type LlmPlanner,
} from './planner/index.js';
import {
  DEFAULT_PROMOTION,
  autonomyProposals,
  createAutonomySkill,
  createAutonomyTools,
  createRolloutRoutes,
  createVersionedPlanner,
  loadAgentVersions,
  withAutonomyDemotion,
  withShadowQuiet,
  type AgentVersionBundle,
} from './rollout/index.js';
import { autonomyFor, createApprovalService, createPolicyEngine, loadPolicies } from './policy/index.js';
import {
  CONSTITUTION_FILE,
  createConstitution,
  createSecondFactor,
  loadConstitution,
} from './policy/index.js';
import { createEnvSecretProvider } from '../adapters/secrets/env/index.js';
import { createVaultSecretProvider } from '../adapters/secrets/vault/index.js';
import { createSnapshotSchedule, openSqliteStore, restoreDatabase, verifyBackup } from './store/index.js';
import {
  DrillScheduler,
  drillChatCommand,
  parseDrillSchedules,
  readDrillResults,
  recordDrillResult,
  runDrill,
  type Drill,
} from './drills/index.js';

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
  // Validated before anything is opened, like the policies: a bad map stops the start with its paths.
  const serviceMapFile = loadServiceMapFile(
    config.raw.WATCHKEEPER_SERVICE_MAP ?? join(process.cwd(), 'data', 'service-map.yaml'),
  );
  const restored = bootstrapFromBackup(config);
  const store = openSqliteStore({
    path: config.dbPath,
    clock,
    logger: logger.child('store'),
    ...(config.dbMaxBytes === undefined ? {} : { maxBytes: config.dbMaxBytes }),
  });
  const ledger = createLedger({
    repo: store.audit,
    signingKey: loadOrCreateSigningKey({
      dataDir: config.dataDir,
      ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
    }),
    clock,
    redact: (v) => redactor.value(v),
  });
  if (restored !== undefined)
    ledger.append({ kind: 'system', actor: BOT_PRINCIPAL_ID, data: { event: 'restored', ...restored } });
  const snapshots = createSnapshots(config, store, ledger, clock, logger);
  const memory = createMemory({ repo: store.memory, clock, redact: (t) => redactor.text(t) });
  seedSandbox(store.sandbox, loadSeedFile(config.sandboxSeed));

  const tools = createSandboxTools({ state: store.sandbox });
  // Operations: the service map (YAML + what signals teach + live sandbox facts) is the ServiceContext.
  const serviceMap = new ServiceMap({
    file: serviceMapFile,
    changes: new OpsChangeLog(store.kv),
    live: createSandboxServiceContext({ state: store.sandbox }),
  });
  const services = serviceMap;
  const realOps = operationsBackends(config, serviceMap);
  const slos = parseSlos(config.raw.WATCHKEEPER_SLOS);
  const opsTools = [...createSandboxOpsTools({ state: store.sandbox }), ...realOps.tools];
  const opsSkill = createOperationsSkill({
    tools: [...tools, ...opsTools],
    backend: realOps.backend,
    slos,
    ...(realOps.errorRatio === undefined ? {} : { errorRatio: realOps.errorRatio }),
    serviceMap,
    clock,
    flapWindowMs: config.raw.WATCHKEEPER_OPS_FLAP_WINDOW_MS,
    silencedBy: (signal) => activeSilence(store.sandbox, signal.labels, clock.now())?.id,
  });
  const security = securityWiring({
    config,
    store,
    ledger,
    clock,
    redact: (v) => redactor.value(v),
    tools,
    logger: logger.child('security'),
  });
  // Tech support (issue 9): ticket store, duplicates, runbooks, diagnostics, drafts, escalation.
  const support = supportWiring({
    config,
    store,
    memory,
    clock,
    services,
    post: async (conversation, text) => {
      await chat.post(conversation, { text });
    },
    intake: () => pipeline,
    redact: (v) => redactor.value(v),
  });
  // Safe rollout (issue 12): autonomy per domain and action, shadow mode, agent versions.
  const rollout = rolloutWiring({
    config,
    store,
    ledger,
    clock,
    logger: logger.child('rollout'),
    skills: [opsSkill, security.skill, support.skill],
  });
  const registry = toolRegistry([
    ...tools,
    ...opsTools,
    ...opsSkill.tools,
    ...security.tools,
    ...support.skill.tools,
    ...rollout.autonomySkill.tools,
  ]);
  const skills = [opsSkill, security.skill, support.skill, rollout.autonomySkill];
  const { metrics: promMetrics, registry: metricsRegistry } = createMetrics();
  // Dashboard (issue 11): Prometheus + in-memory aggregator behind one Metrics; store figures read on demand.
  const dashboard = createDashboardMetrics({
    registry: metricsRegistry,
    base: promMetrics,
    clock,
    queries: {
      incidentCounts: () => ({
        open: store.incidents.list({ status: 'open', limit: 1_000_000 }).length,
        mitigated: store.incidents.list({ status: 'mitigated', limit: 1_000_000 }).length,
        resolved: store.incidents.list({ status: 'resolved', limit: 1_000_000 }).length,
      }),
      approvals: (limit) => store.approvals.list({ limit }),
      queueDepth: () => store.inbox.unprocessed(1_000_000).length,
      outboxDepth: () =>
        Object.fromEntries(
          chat
            .all()
            .filter((a) => a.platform !== 'console')
            .map((a) => [a.platform, store.outbox.pending(a.platform).length]),
        ),
      verifyAudit: () => ledger.verify(),
      drills: () => readDrillResults(store.kv),
    },
  });
  const metrics = dashboard.metrics;
  const llm = config.llm;
  // Chat SDKs and LangChain are loaded only when configured: they double start-up time and memory.
  const { createOpenAiPlanModel } =
    llm === undefined
      ? { createOpenAiPlanModel: undefined }
      : await import('./planner/create-openai-plan-model.js');
  let llmPlanner: LlmPlanner | undefined;
  const planner = createPlanner({
    playbook: support.planner(createPlaybookPlanner({ skills })),
    ...(llm === undefined || createOpenAiPlanModel === undefined
      ? {}
      : {
          llm: (llmPlanner = createLlmPlanner({
            skills,
            model: createOpenAiPlanModel(llm),
            audit: ledger,
            budget: new TokenBudget(store.kv, clock, llm.dailyTokens),
            metrics,
            clock,
            logger: logger.child('planner'),
            // Secrets, then the PII configured as sensitive (SUPPORT_PII), never reach a model.
            redact: (v) => support.redactPii(redactor.value(v)),
            memory,
            maxSteps: llm.maxSteps,
            deadlineMs: llm.deadlineMs,
            dedupeWindowMs: llm.dedupeWindowMs,
          })),
        }),
    modes: config.planners,
    defaultMode: 'auto',
  });
  // Incidents are planned by their agent version (stable or canary); without data/versions.yaml, as above.
  const agentPlanner = rollout.planner(planner, (bundle) =>
    createPlanner({
      playbook: support.planner(createPlaybookPlanner({ skills: rollout.playbooksOf(skills, bundle) })),
      ...(llmPlanner === undefined ? {} : { llm: llmPlanner }),
      modes: { ...config.planners, ...bundle.planners },
      defaultMode: 'auto',
    }),
  );
  const identities = createIdentityResolver(policy, store.identities, now);
  // Governance: constitution (after the rules, before execution), TOTP second factor, scoped credentials.
  const constitution = createConstitution(loadConstitution(join(config.policiesDir, CONSTITUTION_FILE)));
  const secondFactor = createSecondFactor({
    repo: store.totp,
    clock,
    key:
      config.raw.WATCHKEEPER_TOTP_KEY === undefined
        ? loadOrCreateSecretFile(join(config.dataDir, 'keys', 'totp.key'))
        : Buffer.from(config.raw.WATCHKEEPER_TOTP_KEY),
  });
  const staticSecrets = createEnvSecretProvider({
    clock,
    ...(config.raw.WATCHKEEPER_SECRETS_FILE === undefined
      ? {}
      : { file: config.raw.WATCHKEEPER_SECRETS_FILE }),
    ...(config.raw.WATCHKEEPER_SECRETS_JSON === undefined
      ? {}
      : { json: config.raw.WATCHKEEPER_SECRETS_JSON }),
  });
  redactor.remember(staticSecrets.knownValues);
  const credentials = {
    maxTtlSeconds: config.raw.WATCHKEEPER_CREDENTIAL_MAX_TTL,
    provider:
      config.raw.VAULT_ADDR === undefined || config.raw.VAULT_TOKEN === undefined
        ? staticSecrets
        : createVaultSecretProvider({
            address: config.raw.VAULT_ADDR,
            token: config.raw.VAULT_TOKEN,
            ...(config.raw.VAULT_NAMESPACE === undefined ? {} : { namespace: config.raw.VAULT_NAMESPACE }),
            kvMount: config.raw.WATCHKEEPER_VAULT_KV_MOUNT,
            kvPrefix: config.raw.WATCHKEEPER_VAULT_PREFIX,
            dynamic: Object.fromEntries(
              (config.raw.WATCHKEEPER_VAULT_DYNAMIC ?? '')
                .split(',')
                .map((pair) => pair.split('=').map((x) => x.trim()))
                .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== ''),
            ),
            clock,
            onValues: (values) => redactor.remember(values),
          }),
  };
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
    secondFactor,
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
    observer: rollout.observe(notifier, async (run, text) => {
      if (run.origin.conversation !== undefined) await chat.post(run.origin.conversation, { text });
      else if (run.origin.incidentId !== undefined) await notifier.incidentNote(run.origin.incidentId, text);
    }),
    autonomyOverrides: rollout.overrides,
    metrics,
    clock,
    logger: logger.child('orchestrator'),
    random,
    executor: config.executor,
    constitution,
    credentials,
    redact: (v) => redactor.value(v),
  });
  const pipeline = new SignalPipeline({
    sources: [
      createAlertmanagerSource(),
      createGenericSource(),
      createSecuritySource({ clock }),
      createGrafanaSource(),
      support.recording(createGithubSource({ serviceOf: (repo) => serviceMap.serviceForRepo(repo) })),
      ...support.sources,
    ].map((source) => observeSignals(source, serviceMap, clock)),
    inbox: store.inbox,
    incidents: store.incidents,
    transaction: (fn) => store.transaction(fn),
    skills,
    planner: agentPlanner,
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
  // Drills (issue 11): each runs on a throwaway sandbox app; the latest results feed the dashboard.
  const runDrillHere = async (drill: Drill) => {
    const result = await runDrill(drill, {
      factory: async (o) => (await import('./drill-target.js')).createDrillTarget(config, o),
      clock,
    });
    recordDrillResult(store.kv, result);
    return result;
  };
  const drillScheduler = new DrillScheduler({
    schedules: parseDrillSchedules(config.raw.WATCHKEEPER_DRILLS ?? ''),
    run: runDrillHere,
    clock,
    logger: logger.child('drills'),
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
    flood: new TokenBucketLimiter(
      store.rateBuckets,
      {
        principal: {
          capacity: config.raw.WATCHKEEPER_FLOOD_BURST,
          perMinute: config.raw.WATCHKEEPER_FLOOD_PER_MINUTE,
        },
        channel: {
          capacity: config.raw.WATCHKEEPER_FLOOD_BURST * 4,
          perMinute: config.raw.WATCHKEEPER_CHANNEL_FLOOD_PER_MINUTE,
        },
      },
      () => clock.now().getTime(),
    ),
    secondFactor,
    logger: logger.child('gateway'),
    redact: (v) => redactor.value(v),
    now,
    pendingApprovals: () => store.approvals.list({ status: 'pending', limit: 50 }),
    languageModel: llm !== undefined,
    memory,
    services,
    extraHelp: [
      'drill <name>|list — run a synthetic drill on a throwaway sandbox app',
      'retro <incident> — draft a post-incident retro with proposed changes',
    ],
    extraCommands: {
      drill: drillChatCommand(runDrillHere),
      retro: createRetroCommand({
        incidents: store.incidents,
        runs: store.runs,
        auditFor: (id) => ledger.forIncident(id),
        audit: ledger,
      }),
    },
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
      ...createHookRoutes({ intake: pipeline, sources: ['alertmanager', 'generic', 'security', 'grafana'] }),
      createGithubHookRoute({ intake: pipeline, secret: raw.GITHUB_WEBHOOK_SECRET }),
      ...createHookRoutes({ intake: pipeline, sources: ['tickets'] }),
      createJiraHookRoute({
        intake: pipeline,
        ...(raw.JIRA_WEBHOOK_SECRET === undefined ? {} : { secret: raw.JIRA_WEBHOOK_SECRET }),
      }),
      ...createTicketApiRoutes(store.tickets),
      ...createApiRoutes({ queries }),
      createServiceMapRoute({
        map: serviceMap,
        openIncidents: () => [
          ...store.incidents.list({ status: 'open', limit: 200 }),
          ...store.incidents.list({ status: 'mitigated', limit: 200 }),
        ],
      }),
      ...rollout.routes(),
      security.evidenceRoute,
      ...createHealthRoutes({
        ready: () => ready,
        registry: metricsRegistry,
        checks: () =>
          Object.fromEntries(chat.all().flatMap((a) => (a.health ? [[a.platform, a.health()]] : []))),
      }),
      ...consoleAdapter.routes(),
      ...createDashboardRoutes({
        snapshot: dashboard.snapshot,
        playback: (id) => {
          const incident = store.incidents.get(id);
          if (incident === undefined) return undefined;
          const entries = [...ledger.forIncident(id)].sort((a, b) => a.seq - b.seq);
          const lines = playback(entries); // same order: one line per entry, by seq
          return {
            incident: { id, title: incident.title, status: incident.status, severity: incident.severity },
            entries: entries.map((e, i) => ({
              seq: e.seq,
              at: e.at,
              kind: e.kind,
              actor: e.actor,
              human: e.actor.includes(':'),
              line: lines[i] ?? '',
            })),
          };
        },
      }),
      ...createDashboardAssetRoutes(),
      ...(slackAdapter?.routes() ?? []),
      ...(discordAdapter?.routes() ?? []),
    ],
    ...(config.consoleToken === undefined ? {} : { consoleToken: config.consoleToken }),
    ...(config.hookToken === undefined ? {} : { hookToken: config.hookToken }),
    logger: logger.child('http'),
  });
  let ticker: NodeJS.Timeout | undefined;
  // Flag flips with a TTL revert through the orchestrator as bot steps; the TTLs live in the sandbox state.
  const flagTtl = new FlagTtlScheduler({
    due: (at) => dueFlagReverts(store.sandbox, at),
    orchestrator,
    kv: store.kv,
    clock,
    logger: logger.child('flag-ttl'),
  });
  let ttlTicker: NodeJS.Timeout | undefined;
  // SLO burn-rate alerts from Prometheus (only when PROMETHEUS_URL and WATCHKEEPER_SLOS are set).
  const sloWatcher =
    realOps.errorRatio === undefined || slos.length === 0
      ? undefined
      : new SloWatcher({
          slos,
          errorRatio: realOps.errorRatio,
          intake: pipeline,
          logger: logger.child('slo'),
        });
  let sloTicker: NodeJS.Timeout | undefined;

  return {
    config,
    store,
    ledger,
    pipeline,
    orchestrator,
    gateway,
    /** Operations: the service map and the flag-TTL scheduler (tests tick it by hand). */
    serviceMap,
    flagTtl,
    sloWatcher,
    /** The Slack adapter when SLACK_BOT_TOKEN is set. */
    slack: slackAdapter,
    /** The Discord adapter when DISCORD_APPLICATION_ID and DISCORD_TOKEN or DISCORD_PUBLIC_KEY are set. */
    discord: discordAdapter,
    /** The Matrix adapter when MATRIX_HOMESERVER_URL, MATRIX_ACCESS_TOKEN and MATRIX_USER_ID are set. */
    matrix: matrixAdapter,
    /** Scheduled snapshots when WATCHKEEPER_BACKUP_INTERVAL_MINUTES is set. */
    snapshots,
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
      const sink = support.intakeSink(gateway.sink, pipeline);
      for (const adapter of chat.all()) await adapter.start(sink);
      const unknown = await orchestrator.recover();
      if (unknown.length > 0)
        logger.warn('steps interrupted by the last stop are now unknown', {
          steps: unknown.map((s) => s.id),
        });
      pipeline.recover();
      void flagTtl.tick();
      ttlTicker = setInterval(() => void flagTtl.tick(), config.raw.WATCHKEEPER_OPS_TTL_INTERVAL_MS);
      ttlTicker.unref();
      if (sloWatcher !== undefined) {
        sloTicker = setInterval(() => void sloWatcher.tick(), config.raw.WATCHKEEPER_SLO_INTERVAL_MS);
        sloTicker.unref();
      }
      ticker = setInterval(
        () =>
          void orchestrator
            .expireApprovals()
            .catch((err: unknown) => logger.error('expiry failed', { error: String(err) })),
        deps.expiryIntervalMs ?? 5_000,
      );
      ticker.unref();
      drillScheduler.start();
      const address = await http.listen();
      snapshots?.start();
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
      await snapshots?.stop();
      if (ticker !== undefined) clearInterval(ticker);
      await drillScheduler.stop();
      if (ttlTicker !== undefined) clearInterval(ttlTicker);
      if (sloTicker !== undefined) clearInterval(sloTicker);
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

/**
 * The security skill and what it acts through: sandbox containment by default, the EDR/firewall API and
 * the SCIM identity provider when configured; evidence bundles over the store and the ledger.
 */
function securityWiring(o: {
  config: AppConfig;
  store: Store;
  ledger: AuditLog & AuditReader;
  clock: Clock;
  redact: (v: unknown) => unknown;
  tools: readonly Tool[];
  logger: Logger;
}) {
  const raw = o.config.raw;
  // The detection half: inventory, benign list, intel feeds and advisories, each optional.
  const data = (name: string): string => join(raw.WATCHKEEPER_SECURITY_DATA, name);
  const assets = existsSync(data('assets.yaml'))
    ? loadAssetInventory(data('assets.yaml'))
    : emptyAssetInventory();
  const benign = existsSync(data('security-benign.yaml'))
    ? loadBenignList(data('security-benign.yaml'), o.clock)
    : emptyBenignList(o.clock);
  const intel = createIntelStore({ dir: data('intel'), clock: o.clock, logger: o.logger });
  if (existsSync(data('intel'))) intel.refresh();
  const advisories = existsSync(data('osv')) ? loadOsvAdvisories(data('osv')) : [];
  const triageOptions = { clock: o.clock, assets, benign, intel };
  const api = (baseUrl: string, token: string) => ({
    baseUrl,
    token,
    timeoutMs: raw.WATCHKEEPER_CONTAINMENT_TIMEOUT_MS,
    retries: raw.WATCHKEEPER_CONTAINMENT_RETRIES,
    retryBaseMs: 250,
  });
  const edr =
    raw.WATCHKEEPER_EDR_URL === undefined || raw.WATCHKEEPER_EDR_TOKEN === undefined
      ? []
      : createEdrTools({ api: api(raw.WATCHKEEPER_EDR_URL, raw.WATCHKEEPER_EDR_TOKEN) });
  const revoke = raw.WATCHKEEPER_IDP_REVOKE_SESSIONS?.split(' ');
  const idp =
    raw.WATCHKEEPER_IDP_URL === undefined || raw.WATCHKEEPER_IDP_TOKEN === undefined
      ? []
      : createIdentityTools({
          api: api(raw.WATCHKEEPER_IDP_URL, raw.WATCHKEEPER_IDP_TOKEN),
          ...(revoke === undefined
            ? {}
            : {
                revokeSessions: { method: revoke[0] === 'POST' ? 'POST' : 'DELETE', path: revoke[1] ?? '' },
              }),
        });
  const containment = [...o.tools, ...createSandboxSecurityTools({ state: o.store.sandbox }), ...edr, ...idp];
  const { store } = o;
  const evidence = createEvidenceService({
    records: {
      incident: (id) => {
        const incident = store.incidents.get(id);
        return incident === undefined
          ? undefined
          : { incident, signals: store.incidents.signals(id), runs: store.runs.listByIncident(id) };
      },
      audit: (id) => o.ledger.forIncident(id),
      approval: (id) => store.approvals.get(id),
      release: (tool, input, result) => {
        const t = containment.find((c) => c.name === tool);
        const parsed = t?.input.safeParse(input);
        return t?.rollback === undefined || parsed?.success !== true
          ? undefined
          : t.rollback(parsed.data, result);
      },
    },
    audit: o.ledger,
    clock: o.clock,
    redact: o.redact,
  });
  const skill = createSecuritySkill({
    tools: containment,
    triage: createSecurityTriage(triageOptions),
    backends: { network: edr.length > 0 ? 'edr' : 'sandbox', identity: idp.length > 0 ? 'idp' : 'sandbox' },
    reads: {
      signal: (id) => store.inbox.get(id),
      incidents: (filter) => store.incidents.list(filter),
      // Re-triage on request without the intake's memory, so asking never counts an event twice.
      triage: createSecurityTriage({ ...triageOptions, access: false }),
      intel: {
        lookup: (value) =>
          intel.lookup(value).map(({ indicator: i }) => ({
            indicator: i.value,
            type: i.type,
            source: i.source,
            ...(i.description === undefined ? {} : { description: i.description }),
            ...(i.confidence === undefined ? {} : { confidence: i.confidence }),
          })),
        refresh: () => {
          const r = intel.refresh();
          return { indicators: r.indicators, sources: r.files.map((f) => f.file) };
        },
      },
      vulns: (asset) =>
        matchVulnerabilities(advisories, assets, asset === undefined ? {} : { asset }).map((r) => ({
          id: r.advisory,
          summary: r.summary,
          risk: r.risk,
          package: r.findings[0]?.package ?? '',
          assets: r.findings.map((f) => ({ asset: f.asset, version: f.installed })),
          fixedVersions: [
            ...new Set(r.findings.flatMap((f) => (f.fixedIn === undefined ? [] : [f.fixedIn]))),
          ],
          recommendation: r.recommendation,
        })),
    },
    evidence,
  });
  return { skill, tools: [...containment, ...skill.tools], evidenceRoute: createEvidenceRoute(evidence) };
}

/**
 * Cold start (README "Backup and restore"): with WATCHKEEPER_RESTORE_FROM set and no database yet, the
 * backup is restored first. Refused unless its ledger verifies and the installation's signing key is
 * the one that signed it (otherwise the restored chain could not be extended).
 */
function bootstrapFromBackup(config: AppConfig): { from: string; entries: number } | undefined {
  const from = config.raw.WATCHKEEPER_RESTORE_FROM;
  if (from === undefined || existsSync(config.dbPath)) return undefined;
  const key = loadOrCreateSigningKey({
    dataDir: config.dataDir,
    ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
  });
  const { verification } = restoreDatabase({
    backupFile: from,
    dbPath: config.dbPath,
    verify: (reader) => {
      if (publicKeyPemOf(key).trim() !== reader.manifest.publicKey.trim())
        throw new WatchkeeperError(
          'CONFIG_INVALID',
          `${from} was signed by another audit key than this installation's`,
        );
      return verifyBackup(reader, verifyEntries);
    },
  });
  return { from, entries: verification.count };
}

/** Scheduled online snapshots with retention, each one audited. */
function createSnapshots(
  config: AppConfig,
  store: Store,
  audit: AuditLog & AuditReader,
  clock: Clock,
  logger: Logger,
) {
  const minutes = config.raw.WATCHKEEPER_BACKUP_INTERVAL_MINUTES;
  if (minutes <= 0) return undefined;
  return createSnapshotSchedule({
    dbPath: config.dbPath,
    dir: config.raw.WATCHKEEPER_BACKUP_DIR ?? join(config.dataDir, 'backups'),
    intervalMs: minutes * 60_000,
    keep: config.raw.WATCHKEEPER_BACKUP_KEEP,
    publicKeyPem: audit.publicKeyPem(),
    ...(store.onlineBackup === undefined ? {} : { online: store.onlineBackup }),
    logger: logger.child('backup'),
    now: () => clock.now(),
    onSnapshot: (r, pruned) =>
      audit.append({
        kind: 'system',
        actor: BOT_PRINCIPAL_ID,
        data: { event: 'snapshot', file: r.file, bytes: r.bytes, auditEntries: r.auditEntries, pruned },
      }),
  });
}

/**
 * Tech support wiring: the ticket store and its ticketing systems (built-in, GitHub, Jira), the
 * diagnostics allow-list, the runbooks (indexed into memory at start), the support skill and its planner.
 */
function supportWiring(o: {
  config: AppConfig;
  store: Store;
  memory: Memory;
  clock: Clock;
  services: ServiceContext;
  post: (conversation: Conversation, text: string) => Promise<void>;
  intake: () => SignalIntake;
  redact: <T>(value: T) => T;
}) {
  const raw = o.config.raw;
  const channel = (spec: string): Conversation => {
    const [platform = '', ...rest] = spec.trim().split(':');
    return { platform, channel: rest.join(':') };
  };
  const pii = piiPatterns(raw.SUPPORT_PII ?? '');
  if (pii.unknown.length > 0)
    throw new WatchkeeperError('CONFIG_INVALID', `SUPPORT_PII: unknown pattern(s) ${pii.unknown.join(', ')}`);
  const builtin = createBuiltinTicketing(o.store.tickets, o.clock);
  const external = [
    ...(raw.GITHUB_TOKEN === undefined
      ? []
      : [
          createGitHubTicketing({
            token: raw.GITHUB_TOKEN,
            ...(raw.GITHUB_API_URL === undefined ? {} : { apiUrl: raw.GITHUB_API_URL }),
          }),
        ]),
    ...(raw.JIRA_BASE_URL === undefined || raw.JIRA_EMAIL === undefined || raw.JIRA_API_TOKEN === undefined
      ? []
      : [
          createJiraTicketing({
            baseUrl: raw.JIRA_BASE_URL,
            email: raw.JIRA_EMAIL,
            apiToken: raw.JIRA_API_TOKEN,
            doneTransition: raw.JIRA_DONE_TRANSITION,
          }),
        ]),
  ];
  const sandboxServices = o.store.sandbox.list<{ name: string }>(SANDBOX_KINDS.service).map((s) => s.name);
  const checks = [
    ...serviceStatusChecks(sandboxServices),
    ...(raw.SUPPORT_DIAGNOSTICS === undefined ? [] : loadDiagnostics(raw.SUPPORT_DIAGNOSTICS)),
  ];
  const runbooks = loadRunbooks(raw.SUPPORT_KB_DIR ?? join(process.cwd(), 'data', 'kb'));
  indexRunbooks(o.memory, runbooks);
  const desk = new SupportDesk({
    tickets: o.store.tickets,
    memory: o.memory,
    incidents: o.store.incidents,
    runbooks,
    clock: o.clock,
    services: o.services,
    logs: (service) => o.store.sandbox.get<{ logs?: string[] }>(SANDBOX_KINDS.service, service)?.logs ?? [],
    ticketing: (t) => external.find((a) => a.handles(t)) ?? builtin,
    post: o.post,
    ...(raw.SUPPORT_ESCALATION_CHANNEL === undefined
      ? {}
      : { escalationChannel: channel(raw.SUPPORT_ESCALATION_CHANNEL) }),
    alertWindowMs: raw.SUPPORT_ALERT_WINDOW_MS,
  });
  const tools = [
    ...createSupportTools(desk, o.intake),
    ...createTicketingTools({ tickets: o.store.tickets, adapters: external, clock: o.clock }),
    createDiagnosticsTool({ checks, services: o.services, tickets: o.store.tickets, clock: o.clock }),
  ];
  const intakeChannels = new Set(
    (raw.SUPPORT_INTAKE_CHANNELS ?? '')
      .split(',')
      .filter((c) => c.trim() !== '')
      .map((c) => c.trim()),
  );
  return {
    desk,
    skill: createSupportSkill({ tools, desk }),
    /** Ticket sources record what they parse in the ticket store (see `recordTickets`). */
    sources: [createTicketSource({ clock: o.clock }), createJiraSource({ clock: o.clock })].map((s) =>
      recordTickets(s, desk, o.redact),
    ),
    recording: (source: SignalSource): SignalSource => recordTickets(source, desk, o.redact),
    planner: (fallback: Planner): Planner => createSupportPlanner({ desk, fallback, checks }),
    redactPii: <T>(v: T): T => redactPii(v, pii.patterns),
    /** Messages (not commands) in a support intake channel become tickets; everything else as before. */
    intakeSink:
      (next: ChatEventSink, intake: SignalIntake): ChatEventSink =>
      async (event) => {
        const where = `${event.conversation.platform}:${event.conversation.channel}`;
        if (event.kind !== 'message' || !intakeChannels.has(where) || event.text.trim() === '')
          return next(event);
        const text = event.text.trim();
        intake.ingest('tickets', {
          system: 'chat',
          id: `${where}:${event.id}`.slice(0, 200),
          title: (text.split('\n')[0] ?? text).slice(0, 300),
          body: text.slice(0, 20_000),
          reporter: event.principal,
        });
        const ticket = o.store.tickets.byExternal('chat', `${where}:${event.id}`.slice(0, 200));
        return [{ text: `Ticket ${ticket?.id ?? ''} filed from your message; it is being triaged.` }];
      },
  };
}

/**
 * Safe rollout (issue 12): autonomy resolved from the policy files plus run-time overrides, the autonomy
 * skill (changes are approved, audited tool calls), automatic demotion and shadow quiet in front of the
 * chat notifier, and agent versions with canary routing when a versions file exists.
 */
function rolloutWiring(o: {
  config: AppConfig;
  store: Store;
  ledger: AuditLog & AuditReader;
  clock: Clock;
  logger: Logger;
  skills: readonly Skill[];
}) {
  const { config, store, ledger, clock, logger } = o;
  const autonomyConfig = loadPolicies(config.policiesDir).autonomy;
  const overrides = (): Record<string, AutonomyMode> =>
    Object.fromEntries(store.autonomy.list().map((v) => [v.key, v.mode]));
  const modeOf = (domain: string, tool: string): AutonomyMode =>
    autonomyFor(autonomyConfig, domain, tool, overrides());
  const modeOfKey = (key: string): AutonomyMode => {
    const [domain = '', ...rest] = key.split('.');
    return autonomyFor(autonomyConfig, domain, rest.join('.'), overrides());
  };
  const domains = Object.fromEntries(
    o.skills.flatMap((s) => [s.id, s.domain, ...(s.aliases ?? [])].map((n) => [n, s.domain] as const)),
  );
  const windowDays = config.raw.WATCHKEEPER_AUTONOMY_WINDOW_DAYS;
  const thresholds = { ...DEFAULT_PROMOTION, windowDays };
  const autonomyTools = createAutonomyTools({
    repo: store.autonomy,
    domains,
    modeOf,
    modeOfKey,
    clock,
    thresholds,
  });
  const versionsFile = config.raw.WATCHKEEPER_VERSIONS ?? join(config.dataDir, 'versions.yaml');
  const versions = loadAgentVersions(versionsFile);
  if (versions === undefined && config.raw.WATCHKEEPER_VERSIONS !== undefined)
    throw new WatchkeeperError('CONFIG_INVALID', `WATCHKEEPER_VERSIONS: no file ${versionsFile}`);
  const routing = () =>
    versions === undefined ? undefined : (store.agentVersions.routing() ?? versions.routing);
  return {
    autonomySkill: createAutonomySkill(autonomyTools),
    overrides,
    /** Demotion and shadow quiet in front of the notifier. */
    observe: (inner: RunObserver, announce: (run: RunRecord, text: string) => Promise<void>): RunObserver =>
      withShadowQuiet(
        withAutonomyDemotion(inner, {
          repo: store.autonomy,
          audit: ledger,
          clock,
          logger,
          modeOf,
          threshold: config.raw.WATCHKEEPER_AUTONOMY_DEMOTE_AFTER,
          windowDays,
          announce,
        }),
        modeOf,
      ),
    /** Incidents planned by their agent version; without a versions file, `base` as it is. */
    planner(base: Planner, build: (bundle: AgentVersionBundle) => Planner): Planner {
      if (versions === undefined) return base;
      return createVersionedPlanner({
        planners: Object.fromEntries(Object.entries(versions.versions).map(([n, b]) => [n, build(b)])),
        routing: () => routing() ?? versions.routing,
        repo: store.agentVersions,
        audit: ledger,
        clock,
        describe: (v) => versions.versions[v],
      });
    },
    /** A version's playbook allow-list applied to the skills the playbook planner sees. */
    playbooksOf(skills: readonly Skill[], bundle: AgentVersionBundle): Skill[] {
      const allowed = bundle.playbooks;
      if (allowed === undefined) return [...skills];
      return skills.map((s) => ({ ...s, playbooks: s.playbooks.filter((p) => allowed.includes(p.id)) }));
    },
    routes: () =>
      createRolloutRoutes({
        incidents: store.incidents,
        runs: store.runs,
        autonomy: store.autonomy,
        proposals: () =>
          autonomyProposals(
            store.autonomy.history(new Date(clock.now().getTime() - windowDays * 86_400_000).toISOString()),
            modeOf,
            thresholds,
          ),
        versions: store.agentVersions,
        routing,
        versionNames: versions === undefined ? [] : Object.keys(versions.versions),
        now: () => clock.now(),
      }),
  };
}

/**
 * The real operations backends that are configured (Kubernetes, Prometheus, Alertmanager, GitHub Actions,
 * a flag API), each behind the same Tool shape, and which of them the ops runbooks act on.
 */
function operationsBackends(config: AppConfig, serviceMap: ServiceMap) {
  const raw = config.raw;
  const environment = raw.WATCHKEEPER_OPS_ENVIRONMENT;
  const api = (baseUrl: string, token?: string) => ({
    baseUrl,
    ...(token === undefined ? {} : { token }),
    timeoutMs: config.executor.timeoutMs,
    retries: 2,
  });
  const kubernetes =
    raw.WATCHKEEPER_OPS_BACKEND === 'kubernetes' &&
    raw.KUBERNETES_API_URL !== undefined &&
    raw.KUBERNETES_TOKEN !== undefined;
  if (raw.WATCHKEEPER_OPS_BACKEND === 'kubernetes' && !kubernetes)
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      'WATCHKEEPER_OPS_BACKEND=kubernetes needs KUBERNETES_API_URL and KUBERNETES_TOKEN',
    );
  const k8s = {
    api: api(raw.KUBERNETES_API_URL ?? '', raw.KUBERNETES_TOKEN),
    namespace: raw.KUBERNETES_NAMESPACE,
    environment,
  };
  const tools: Tool[] = [
    ...(kubernetes ? [...createKubernetesTools(k8s), ...createKubernetesReadTools(k8s)] : []),
    ...(raw.PROMETHEUS_URL === undefined
      ? []
      : createPrometheusTools({ api: api(raw.PROMETHEUS_URL), environment })),
    ...(raw.ALERTMANAGER_URL === undefined
      ? []
      : createAlertmanagerTools({ api: api(raw.ALERTMANAGER_URL), environment })),
    ...(raw.GITHUB_TOKEN === undefined
      ? []
      : createGithubActionsTools({
          api: api(raw.GITHUB_API_URL ?? 'https://api.github.com', raw.GITHUB_TOKEN),
          environment,
          serviceOf: (repo) => serviceMap.serviceForRepo(repo),
        })),
    ...(raw.FLAGS_API_URL === undefined
      ? []
      : createFeatureFlagTools({ api: api(raw.FLAGS_API_URL, raw.FLAGS_API_TOKEN), environment })),
  ];
  // SLO error ratios from Prometheus: `$service` and `$window` are filled in (PromQL range like `3600s`).
  const query = tools.find((t) => t.name === 'prometheus.query');
  const template =
    raw.WATCHKEEPER_SLO_ERROR_QUERY ??
    'sum(rate(http_requests_total{service="$service",code=~"5.."}[$window])) / sum(rate(http_requests_total{service="$service"}[$window]))';
  const errorRatio: ErrorRatioQuery | undefined =
    query === undefined
      ? undefined
      : async (service, seconds) => {
          const expr = template.replaceAll('$service', service).replaceAll('$window', `${seconds}s`);
          const result = await query.run(query.input.parse({ query: expr }), {
            idempotencyKey: `slo:${service}:${seconds}`,
            signal: AbortSignal.timeout(config.executor.timeoutMs),
            logger: silentToolLogger,
            clock: systemClock,
          });
          const first = (result.data as { result?: { value?: [number, string] }[] } | undefined)?.result?.[0];
          const v = Number(first?.value?.[1]);
          return Number.isFinite(v) ? v : undefined;
        };
  return {
    tools,
    ...(errorRatio === undefined ? {} : { errorRatio }),
    backend: {
      workloads: kubernetes ? ('kubernetes' as const) : ('sandbox' as const),
      silences: raw.ALERTMANAGER_URL === undefined ? ('sandbox' as const) : ('alertmanager' as const),
    },
  };
}

/** SLO reads are not tool steps (no orchestrator run), so they log nothing of their own. */
const silentToolLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentToolLogger,
};
