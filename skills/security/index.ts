/** The security skill: triage, containment playbooks, evidence bundles, intel and vulnerability commands. */
export { createSecuritySkill } from './create-security-skill.js';
export type { SecuritySkillOptions } from './create-security-skill.js';
export { SECURITY_COMMANDS } from './security-commands.js';
export { securityPlaybooks, SANDBOX_BACKENDS, BRUTE_FORCE_TECHNIQUES } from './security-playbooks.js';
export type { ContainmentBackends } from './security-playbooks.js';
export type {
  SecurityReadPorts,
  SecurityIntelPort,
  SecurityIntelHitView,
  SecurityVulnView,
} from './security-ports.js';
export { fenceUntrusted, inlineUntrusted } from './untrusted-text.js';
export * from './evidence/index.js';
