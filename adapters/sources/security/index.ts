/** Security event source (`POST /hooks/security`): Wazuh, Falco, Sigma-matched and generic events; see README.md. */
export { createSecuritySource, SECURITY_SOURCE_ID } from './create-security-source.js';
export type { SecuritySourceOptions } from './create-security-source.js';
export { SECURITY_LABELS, SECURITY_FORMATS } from './security-labels.js';
export type { SecurityFormat, SecurityLabel } from './security-labels.js';
export { detectSecurityFormat } from './detect-security-format.js';
export { levelToSeverity, falcoPriorityLevel, sigmaLevelNumber } from './security-levels.js';
export { normaliseSecurityEvent } from './normalise-security-event.js';
export type { NormalisedSecurityEvent } from './normalise-security-event.js';
