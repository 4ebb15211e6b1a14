/** The operations skill. */
export { createOperationsSkill } from './create-operations-skill.js';
export type { OperationsSkillOptions } from './create-operations-skill.js';
export { OPERATIONS_COMMANDS } from './operations-commands.js';
export {
  OPERATIONS_PLAYBOOKS,
  ERROR_RATE_ALERTS,
  SATURATION_ALERTS,
  FAILED_DEPLOY_STATUSES,
} from './operations-playbooks.js';
export { createOperationsTriage } from './operations-triage.js';
export { createOpsMapTools } from './ops-map-tools.js';
export { playbooksFor, SANDBOX_BACKEND } from './backend-playbooks.js';
export type { OpsBackend } from './backend-playbooks.js';
export { FlagTtlScheduler } from './flag-ttl-scheduler.js';
export type { FlagTtlSchedulerOptions, DueFlagRevert } from './flag-ttl-scheduler.js';
export * from './service-map/index.js';
export * from './investigation/index.js';
export * from './slo/index.js';
