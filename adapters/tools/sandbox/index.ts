/** The built-in simulated fleet: seed data, fault injection and the `sandbox.*` tools. */
export { createSandboxTools } from './create-sandbox-tools.js';
export type { SandboxToolsOptions } from './create-sandbox-tools.js';
export { createSandboxSecurityTools } from './create-sandbox-security-tools.js';
export { createSandboxOpsTools } from './create-sandbox-ops-tools.js';
export { activeSilence, MAX_SILENCE_MINUTES } from './silence-tools.js';
export type { SandboxSilence } from './silence-tools.js';
export { dueFlagReverts, MAX_FLAG_TTL_MINUTES } from './flag-ttl.js';
export type { SandboxFlagTtl } from './flag-ttl.js';
export { sandboxConfig } from './config-change-tool.js';
export { seedSandbox, loadSeedFile } from './seed-sandbox.js';
export { injectSandboxDelay, injectSandboxFault } from './inject-sandbox-fault.js';
export type { SandboxFault } from './inject-sandbox-fault.js';
export { createSandboxServiceContext } from './sandbox-service-context.js';
export type { SandboxServiceContextOptions } from './sandbox-service-context.js';
export { MAX_LOG_LINES } from './service-read-tools.js';
export { SANDBOX_ENVIRONMENT, SANDBOX_KINDS, sandboxSeedSchema } from './sandbox-schema.js';
export type {
  SandboxAccount,
  SandboxDeploy,
  SandboxFirewallRule,
  SandboxFlag,
  SandboxHost,
  SandboxSeed,
  SandboxService,
  SandboxTicket,
} from './sandbox-schema.js';
