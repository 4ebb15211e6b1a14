/** Safe rollout: agent versions with canary routing, shadow mode and progressive autonomy. */
export { loadAgentVersions, type AgentVersionBundle, type AgentVersions } from './agent-versions.js';
export { bucketOf, routeVersion } from './canary-router.js';
export { switchVersion } from './version-switch.js';
export { createVersionedPlanner, type VersionedPlannerOptions } from './versioned-planner.js';
export {
  autonomyProposals,
  DEFAULT_PROMOTION,
  type AutonomyProposal,
  type PromotionThresholds,
} from './autonomy-proposals.js';
export {
  createAutonomyTools,
  AUTONOMY_PROPOSALS_TOOL,
  AUTONOMY_SHOW_TOOL,
  SET_AUTONOMY_TOOL,
  type AutonomyToolsOptions,
} from './autonomy-tools.js';
export { createAutonomySkill } from './autonomy-skill.js';
export { withAutonomyDemotion, type DemotionOptions } from './autonomy-demotion.js';
export { withShadowQuiet } from './shadow-observer.js';
export { shadowReport, type ShadowComparison } from './shadow-report.js';
export { createRolloutRoutes, type RolloutRoutesOptions } from './rollout-routes.js';
