/**
 * Safe-rollout wiring: autonomy overrides and proposals, agent versions with canary routing.
 * Part of the composition root (src/app.ts): it may import across modules.
 */
import { join } from 'node:path';
import { type AppConfig } from '../config/index.js';
import {
  WatchkeeperError,
  type AuditLog,
  type AuditReader,
  type Clock,
  type Logger,
  type Store,
  type Planner,
  type AutonomyMode,
  type RunObserver,
  type RunRecord,
  type Skill,
} from '../core/index.js';
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
} from '../rollout/index.js';
import { autonomyFor, loadPolicies } from '../policy/index.js';

/**
 * Safe rollout (issue 12): autonomy resolved from the policy files plus run-time overrides, the autonomy
 * skill (changes are approved, audited tool calls), automatic demotion and shadow quiet in front of the
 * chat notifier, and agent versions with canary routing when a versions file exists.
 */
export function rolloutWiring(o: {
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
