import {
  BOT_PRINCIPAL_ID,
  type AgentVersionRepository,
  type AuditLog,
  type Clock,
  type Goal,
  type Plan,
  type PlanContext,
  type Planner,
  type Signal,
  type VersionRouting,
} from '../core/index.js';
import { routeVersion } from './canary-router.js';

export interface VersionedPlannerOptions {
  /** One planner per version name. */
  readonly planners: Readonly<Record<string, Planner>>;
  /** The routing now in force (read at every new incident, so promote/rollback apply at once). */
  readonly routing: () => VersionRouting;
  readonly repo: AgentVersionRepository;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** What is recorded about a version with its assignment (prompts, policy labels). */
  readonly describe?: (version: string) => unknown;
}

/**
 * Blue/green planning: an incident is assigned to a version at its first plan, by the hash of its
 * group key (the alert group's fingerprint), recorded on the incident and in the audit ledger; every
 * later plan for that incident uses the same version. Chat requests without an incident go to stable.
 * A version name with no planner (removed from the file) falls back to stable.
 */
export function createVersionedPlanner(o: VersionedPlannerOptions): Planner {
  const plannerOf = (version: string): Planner | undefined => o.planners[version];
  return {
    id: 'versioned',
    async plan(goal: Goal, context: PlanContext, signal?: Signal): Promise<Plan> {
      const routing = o.routing();
      const stable = plannerOf(routing.stable);
      const incident = context.incident;
      if (incident === undefined) return (stable ?? firstPlanner(o.planners)).plan(goal, context, signal);
      let assignment = o.repo.get(incident.id);
      if (assignment === undefined) {
        const route = routeVersion(routing, incident.groupKey);
        assignment = o.repo.assign({
          incidentId: incident.id,
          ...route,
          assignedAt: o.clock.now().toISOString(),
        });
        o.audit.append({
          kind: 'system',
          actor: BOT_PRINCIPAL_ID,
          incidentId: incident.id,
          data: {
            event: 'version.assigned',
            version: assignment.version,
            role: assignment.role,
            bucket: assignment.bucket,
            canaryShare: routing.canaryShare,
            bundle: o.describe?.(assignment.version),
          },
        });
      }
      const planner = plannerOf(assignment.version) ?? stable ?? firstPlanner(o.planners);
      return planner.plan(goal, context, signal);
    },
  };
}

function firstPlanner(planners: Readonly<Record<string, Planner>>): Planner {
  const first = Object.values(planners)[0];
  if (first === undefined) throw new Error('no agent version has a planner');
  return first;
}
