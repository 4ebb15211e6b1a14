/** The operations starter skill. */
export { createOperationsSkill } from './create-operations-skill.js';
export type { OperationsSkillOptions } from './create-operations-skill.js';
export { OPERATIONS_COMMANDS } from './operations-commands.js';
export { OPERATIONS_PLAYBOOKS, ERROR_RATE_ALERTS, SATURATION_ALERTS } from './operations-playbooks.js';
