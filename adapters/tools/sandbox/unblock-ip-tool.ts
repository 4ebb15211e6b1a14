import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';
import { SANDBOX_KINDS } from './sandbox-schema.js';
import type { SandboxFirewallRule } from './sandbox-schema.js';

const unblockIpInput = z.object({ ip: z.union([z.ipv4(), z.ipv6()]) });
export type UnblockIpInput = z.infer<typeof unblockIpInput>;

/**
 * `sandbox.unblock_ip` (high): removes the firewall rule of one address — the release step of
 * `sandbox.block_ip`. Re-blocking is its own rollback.
 */
export function createUnblockIpTool(state: SandboxStateRepository): Tool<UnblockIpInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.unblock_ip',
    description: 'Remove the block on an IPv4/IPv6 address at the sandbox firewall.',
    input: unblockIpInput,
    risk: 'high',
    scope: 'sandbox:firewall',
    target: (input) => ({ asset: input.ip, tags: ['firewall'] }),
    prepare: (input) => {
      const existing = state.get<SandboxFirewallRule>(SANDBOX_KINDS.firewall, input.ip);
      const data = { ip: input.ip };
      if (existing === undefined || existing.at === '') {
        return { summary: `${input.ip} is not blocked`, data };
      }
      return {
        summary: `firewall: unblock ${input.ip} (was: ${existing.reason || 'no reason given'})`,
        data: { ...data, reason: existing.reason },
        // The state repository has no delete: an emptied rule (at '') stands for "not blocked".
        apply: () => state.put(SANDBOX_KINDS.firewall, input.ip, { ip: input.ip, reason: '', at: '' }),
      };
    },
    inverse: (input, result) =>
      resultChanged(result) ? { tool: 'sandbox.block_ip', input: { ip: input.ip } } : undefined,
  });
}
