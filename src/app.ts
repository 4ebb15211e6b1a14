/**
 * Composition root: the only file that wires modules together. Everything else receives its
 * collaborators as core interfaces through constructors.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createConsoleAdapter, createDashboardAssetRoutes } from '../adapters/chat/console/index.js';
import type { SlackAdapterOptions } from '../adapters/chat/slack/index.js';
import type { DiscordAdapterOptions } from '../adapters/chat/discord/index.js';
import type { MatrixAdapterOptions } from '../adapters/chat/matrix/index.js';
import { createAlertmanagerSource } from '../adapters/sources/alertmanager/index.js';
import { createGenericSource } from '../adapters/sources/generic/index.js';
import { createGithubHookRoute, createGithubSource } from '../adapters/sources/github/index.js';
import { createGrafanaSource } from '../adapters/sources/grafana/index.js';
import { createJiraHookRoute } from '../adapters/sources/jira/index.js';
import { createTicketApiRoutes } from '../adapters/sources/tickets/index.js';
import { createSecuritySource } from '../adapters/sources/security/index.js';
import {
  activeSilence,
  createSandboxOpsTools,
  createSandboxServiceContext,
  dueFlagReverts,
  createSandboxTools,
  loadSeedFile,
  seedSandbox,
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
} from '../skills/operations/index.js';
import { createLedger, loadOrCreateSigningKey, playback } from './audit/index.js';
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
  createPlaybookRevisionSkill,
  createPlaybookRevisionTools,
  createPlaybookRoutes,
  findRecordedProposal,
  incidentOfProposal,
  type LlmPlanner,
} from './planner/index.js';
import { createApprovalService, createPolicyEngine, loadPolicies } from './policy/index.js';
import {
  CONSTITUTION_FILE,
  createConstitution,
  createSecondFactor,
  loadConstitution,
} from './policy/index.js';
import { createEnvSecretProvider } from '../adapters/secrets/env/index.js';
import { createVaultSecretProvider } from '../adapters/secrets/vault/index.js';
import { openSqliteStore } from './store/index.js';
import {
  DrillScheduler,
  drillChatCommand,
  parseDrillSchedules,
  readDrillResults,
  recordDrillResult,
  runDrill,
  type Drill,
} from './drills/index.js';

import { bootstrapFromBackup, createSnapshots } from './compose/backup-bootstrap.js';
import { operationsBackends } from './compose/operations-backends.js';
import { rolloutWiring } from './compose/rollout-wiring.js';
import { securityWiring } from './compose/security-wiring.js';
import { supportWiring } from './compose/support-wiring.js';
import { createTracer, otlpSettings, tracePlanner } from './telemetry/index.js';

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

/** On stop, signals still waiting are folded for this long; the rest wait in the inbox for the next start. */
const SIGNAL_DRAIN_GRACE_MS = 3_000;

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
  // Retros (issue 11): accepted proposals and rollbacks become new playbook versions, as approved steps.
  // Only the domain skills' playbooks can be revised, never Watchkeeper's own (autonomy, playbook).
  const revisable = [opsSkill, security.skill, support.skill];
  const playbookSkill = createPlaybookRevisionSkill(
    createPlaybookRevisionTools({
      repo: store.playbookRevisions,
      builtIn: (id) => revisable.flatMap((s) => s.playbooks).find((p) => p.id === id),
      playbookIds: () => revisable.flatMap((s) => s.playbooks.map((p) => p.id)),
      riskOf: (tool) => registry.get(tool)?.risk,
      proposal: (id) => {
        const incidentId = incidentOfProposal(id);
        return incidentId === undefined
          ? undefined
          : findRecordedProposal(ledger.forIncident(incidentId), id);
      },
      whoOf: (stepId) => {
        const step = store.runs.getStep(stepId);
        const approval = step?.approvalId == null ? undefined : store.approvals.get(step.approvalId);
        return {
          requestedBy:
            (step === undefined ? undefined : store.runs.get(step.runId)?.origin.principal) ?? 'unknown',
          approvedBy: (approval?.votes ?? [])
            .filter((v) => v.accepted && v.decision === 'approve')
            .map((v) => v.principal),
        };
      },
      audit: ledger,
    }),
  );
  const registry = toolRegistry([
    ...tools,
    ...opsTools,
    ...opsSkill.tools,
    ...security.tools,
    ...support.skill.tools,
    ...rollout.autonomySkill.tools,
    ...playbookSkill.tools,
  ]);
  const skills = [opsSkill, security.skill, support.skill, rollout.autonomySkill, playbookSkill];
  const playbookRevisions = {
    revisions: store.playbookRevisions,
    toolExists: (tool: string) => registry.get(tool) !== undefined,
  };
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
      queueDepth: () => store.inbox.unprocessedCount(),
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
    playbook: support.planner(createPlaybookPlanner({ skills, ...playbookRevisions })),
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
      playbook: support.planner(
        createPlaybookPlanner({ skills: rollout.playbooksOf(skills, bundle), ...playbookRevisions }),
      ),
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
  // OpenTelemetry traces (issue 11): the SDK is loaded only when an OTLP endpoint is configured.
  const otlp = otlpSettings(config.raw);
  if (otlp !== undefined)
    redactor.remember([config.raw.OTEL_EXPORTER_OTLP_HEADERS ?? '', ...Object.values(otlp.headers)]);
  const tracer = await createTracer(otlp, {
    redact: (t) => redactor.text(t),
    logger: logger.child('telemetry'),
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
    tracer,
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
    planner: tracePlanner(agentPlanner, tracer),
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
      factory: async (o) => (await import('./compose/drill-target.js')).createDrillTarget(config, o),
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
    planner: tracePlanner(planner, tracer),
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
      'retro accept <proposal> — accept a playbook proposal as a new playbook version (needs approval)',
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
      ...createPlaybookRoutes({ skills: () => revisable, revisions: store.playbookRevisions }),
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
      await pipeline.stop(SIGNAL_DRAIN_GRACE_MS);
      await orchestrator.shutdown();
      await tracer.shutdown();
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
