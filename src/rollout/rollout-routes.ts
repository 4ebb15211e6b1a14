import type {
  AgentVersionRepository,
  AutonomyRepository,
  HttpRoute,
  IncidentRepository,
  RunRepository,
  VersionRouting,
} from '../core/index.js';
import type { AutonomyProposal } from './autonomy-proposals.js';
import { shadowReport } from './shadow-report.js';

export interface RolloutRoutesOptions {
  readonly incidents: IncidentRepository;
  readonly runs: RunRepository;
  readonly autonomy: AutonomyRepository;
  readonly proposals: () => AutonomyProposal[];
  readonly versions: AgentVersionRepository;
  /** The routing in force, or undefined without a versions file. */
  readonly routing: () => VersionRouting | undefined;
  readonly versionNames: readonly string[];
  readonly now: () => Date;
}

/**
 * Read-only console API for the dashboard: shadow comparisons, autonomy overrides and proposals, agent
 * versions and their outcomes. Changes go through `/wk autonomy` and `watchkeeper version`, never here.
 */
export function createRolloutRoutes(o: RolloutRoutesOptions): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/rollout/shadow',
      auth: 'console',
      async handle(req) {
        const limit = Math.min(500, Math.max(1, Number(req.query.get('limit') ?? 50) || 50));
        return { status: 200, body: { incidents: shadowReport(o, limit, o.now) } };
      },
    },
    {
      method: 'GET',
      path: '/api/rollout/autonomy',
      auth: 'console',
      async handle() {
        return { status: 200, body: { overrides: o.autonomy.list(), proposals: o.proposals() } };
      },
    },
    {
      method: 'GET',
      path: '/api/rollout/versions',
      auth: 'console',
      async handle() {
        return {
          status: 200,
          body: { routing: o.routing() ?? null, versions: o.versionNames, outcomes: o.versions.outcomes() },
        };
      },
    },
  ];
}
