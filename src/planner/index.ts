/**
 * Planner implementations: the embedded playbook planner and the language-model planner. The LangChain
 * model (`create-openai-plan-model.ts`) is imported directly by whoever needs it, so that loading this
 * index never loads LangChain.
 */
export { createPlaybookPlanner, PLAYBOOK_PLANNER_ID } from './create-playbook-planner.js';
export type { PlaybookPlannerOptions } from './create-playbook-planner.js';
export { fillTemplate, fillText } from './fill-template.js';
export type { TemplateScope } from './fill-template.js';
export { createLlmPlanner, LLM_PLANNER_ID } from './create-llm-planner.js';
export type { LlmOutcome, LlmPlanner, LlmPlannerOptions } from './create-llm-planner.js';
export { createPlanner, PLANNER_MODES } from './create-planner.js';
export type { PlannerMode, PlannerSetOptions } from './create-planner.js';
export type { OpenAiModelOptions } from './create-openai-plan-model.js';
export type { ModelAnswer, PlanModel } from './plan-model.js';
export { TokenBudget } from './token-budget.js';
export { buildPlanPrompt } from './build-plan-prompt.js';
export type { ChatPrompt, PromptInput } from './build-plan-prompt.js';
export { validateLlmPlan } from './validate-llm-plan.js';
export type { DroppedStep, PlanValidation } from './validate-llm-plan.js';
export { llmPlanSchema, planResponseFormat } from './llm-plan-schema.js';
export { applyPlaybookChange, checkPlaybookSteps, playbookDiff } from './apply-playbook-change.js';
export type { ToolRiskOf } from './apply-playbook-change.js';
export {
  createPlaybookRevisionTools,
  ACCEPT_PROPOSAL_TOOL,
  ROLLBACK_PLAYBOOK_TOOL,
} from './playbook-revision-tools.js';
export type { PlaybookRevisionToolsOptions, RecordedProposal } from './playbook-revision-tools.js';
export { createPlaybookRevisionSkill, PLAYBOOK_SKILL_ID } from './playbook-revision-skill.js';
export { findRecordedProposal, incidentOfProposal } from './recorded-proposals.js';
export { createPlaybookRoutes } from './playbook-routes.js';
