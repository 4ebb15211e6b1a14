import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { createDisableAccountTool, createEnableAccountTool } from './account-tools.js';
import { createBlockIpTool } from './block-ip-tool.js';
import { createFlipFlagTool } from './flip-flag-tool.js';
import { createIsolateHostTool, createReleaseHostTool } from './host-tools.js';
import { createRollbackTool } from './rollback-tool.js';
import { createScaleTool } from './scale-tool.js';
import { createLogsTool, createRecentDeploysTool, createServiceStatusTool } from './service-read-tools.js';
import { createTicketCloseTool, createTicketCommentTool } from './ticket-tools.js';

export interface SandboxToolsOptions {
  readonly state: SandboxStateRepository;
}

/**
 * Every tool of the simulated fleet that `npm start` acts on. Names and declared risks are a contract
 * with the policy files (`sandbox.rollback` high, `sandbox.disable_account` critical, …).
 */
export function createSandboxTools(options: SandboxToolsOptions): Tool[] {
  const { state } = options;
  return [
    createServiceStatusTool(state),
    createRecentDeploysTool(state),
    createLogsTool(state),
    createRollbackTool(state),
    createScaleTool(state),
    createFlipFlagTool(state),
    createIsolateHostTool(state),
    createReleaseHostTool(state),
    createDisableAccountTool(state),
    createEnableAccountTool(state),
    createBlockIpTool(state),
    createTicketCommentTool(state),
    createTicketCloseTool(state),
  ];
}
