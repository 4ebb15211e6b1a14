import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { createConfigChangeTool } from './config-change-tool.js';
import { createRevertFlagTool } from './flag-ttl.js';
import { createRestartTool } from './restart-tool.js';
import { createExpireSilenceTool, createSilenceTool } from './silence-tools.js';

/**
 * The operations runbook tools beyond the starter set: restart, bounded silences, config-change
 * proposals and the automatic revert of a flag flip with a TTL.
 */
export function createSandboxOpsTools(options: { readonly state: SandboxStateRepository }): Tool[] {
  const { state } = options;
  return [
    createRestartTool(state),
    createSilenceTool(state),
    createExpireSilenceTool(state),
    createConfigChangeTool(state),
    createRevertFlagTool(state),
  ];
}
