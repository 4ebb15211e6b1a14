/** The built-in simulated fleet: seed data, fault injection and the `sandbox.*` tools. */
export { createSandboxTools } from './create-sandbox-tools.js';
export type { SandboxToolsOptions } from './create-sandbox-tools.js';
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
