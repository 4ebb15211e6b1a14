/** Planner implementations. The playbook planner is embedded and deterministic. */
export { createPlaybookPlanner, PLAYBOOK_PLANNER_ID } from './create-playbook-planner.js';
export type { PlaybookPlannerOptions } from './create-playbook-planner.js';
export { fillTemplate, fillText } from './fill-template.js';
export type { TemplateScope } from './fill-template.js';
