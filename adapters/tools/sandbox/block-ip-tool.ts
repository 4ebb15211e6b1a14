import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';
import { SANDBOX_KINDS } from './sandbox-schema.js';
import type { SandboxFirewallRule } from './sandbox-schema.js';

const blockIpInput = z.object({
  ip: z.union([z.ipv4(), z.ipv6()]),
  reason: z.string().max(200).optional(),
});
export type BlockIpInput = z.infer<typeof blockIpInput>;

/**
 * `sandbox.block_ip` (high): adds a firewall rule dropping traffic from one IPv4/IPv6 address; reversible
 * by `sandbox.unblock_ip` (which leaves an emptied rule, `at: ''`, since the state has no delete).
 */
export function createBlockIpTool(state: SandboxStateRepository): Tool<BlockIpInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.block_ip',
    description: 'Block an IPv4/IPv6 address at the sandbox firewall.',
    input: blockIpInput,
    risk: 'high',
    scope: 'sandbox:firewall',
    target: (input) => ({ asset: input.ip, tags: ['firewall'] }),
    prepare: (input, ctx) => {
      const existing = state.get<SandboxFirewallRule>(SANDBOX_KINDS.firewall, input.ip);
      const data = { ip: input.ip };
      if (existing !== undefined && existing.at !== '')
        return { summary: `${input.ip} is already blocked`, data };
      return {
        summary: `firewall: block ${input.ip}${input.reason === undefined ? '' : ` (${input.reason})`}`,
        data,
        apply: () => {
          const rule: SandboxFirewallRule = {
            ip: input.ip,
            reason: input.reason ?? '',
            at: ctx.clock.now().toISOString(),
          };
          state.put(SANDBOX_KINDS.firewall, input.ip, rule);
        },
      };
    },
    inverse: (input, result) =>
      resultChanged(result) ? { tool: 'sandbox.unblock_ip', input: { ip: input.ip } } : undefined,
  });
}
