import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { createBlockDomainTool, createUnblockDomainTool } from './domain-block-tools.js';
import { createQuarantineFileTool, createRestoreFileTool } from './file-quarantine-tools.js';
import { createRevokeSessionsTool } from './session-tools.js';
import { createUnblockIpTool } from './unblock-ip-tool.js';

/**
 * The containment tools the security skill adds to the fleet beyond the starter set (host isolation,
 * account disable and IP block live in {@link createSandboxTools}): the release steps they lacked and
 * domain blocks, file quarantine and session revocation.
 */
export function createSandboxSecurityTools(options: { readonly state: SandboxStateRepository }): Tool[] {
  const { state } = options;
  return [
    createUnblockIpTool(state),
    createBlockDomainTool(state),
    createUnblockDomainTool(state),
    createQuarantineFileTool(state),
    createRestoreFileTool(state),
    createRevokeSessionsTool(state),
  ];
}
