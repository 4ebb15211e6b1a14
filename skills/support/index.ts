/** The tech support skill. */
export { createSupportSkill, type SupportSkillOptions } from './create-support-skill.js';
export {
  createSupportPlanner,
  SUPPORT_PLANNER_ID,
  SUPPORT_SKILL_ID,
  type SupportPlannerOptions,
} from './support-planner.js';
export {
  SupportDesk,
  ticketMemoryId,
  type SupportDeskOptions,
  type DuplicateCandidate,
  type PriorFix,
} from './support-desk.js';
export { createSupportTools, CHAT_TICKET_SOURCE } from './support-tools.js';
export { recordTickets } from './record-tickets.js';
export { SUPPORT_COMMANDS } from './support-commands.js';
export { loadRunbooks, indexRunbooks, parseRunbook, type Runbook } from './knowledge-base.js';
export { contextPack, reproductionSteps, PACK_SECTIONS } from './context-pack.js';
export { draftReply } from './draft-reply.js';
export { duplicateReasons, errorStrings } from './duplicate-reasons.js';
export { chatSafe, quoted, fenceForPrompt, redactPii, piiPatterns, PII_PATTERNS } from './untrusted-text.js';
export { shouldEscalate, escalationDecision } from './escalation-rule.js';
