/** Identity containment through SCIM 2.0 (disable/enable users) and a configurable session-revoke endpoint. */
export { createIdentityTools } from './create-identity-tools.js';
export type { IdentityToolsOptions, IdentityAccountInput } from './create-identity-tools.js';
