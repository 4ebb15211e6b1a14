import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';

/** Sandbox state kind of DNS/proxy block-list entries, by domain. */
export const SANDBOX_DOMAIN_BLOCK_KIND = 'domain_block';

/** A stored entry; `blocked: false` once released (the state has no delete). */
export interface SandboxDomainBlock {
  readonly domain: string;
  readonly blocked: boolean;
  readonly reason: string;
  readonly at: string;
}

/** A DNS name: labels of letters, digits and hyphens, at least one dot, no scheme or path. */
export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    message: 'expected a domain name such as evil.example.com',
  });

const blockInput = z.object({ domain: domainName, reason: z.string().max(200).optional() });
export type DomainBlockInput = z.infer<typeof blockInput>;

/** `sandbox.block_domain` (high, reversible by `sandbox.unblock_domain`): sinkholes a domain. */
export function createBlockDomainTool(state: SandboxStateRepository): Tool<DomainBlockInput> {
  return domainTool(state, true);
}

/** `sandbox.unblock_domain` (high, reversible by `sandbox.block_domain`): lifts a domain block. */
export function createUnblockDomainTool(state: SandboxStateRepository): Tool<DomainBlockInput> {
  return domainTool(state, false);
}

function domainTool(state: SandboxStateRepository, block: boolean): Tool<DomainBlockInput> {
  const name = block ? 'sandbox.block_domain' : 'sandbox.unblock_domain';
  const inverseName = block ? 'sandbox.unblock_domain' : 'sandbox.block_domain';
  return defineSandboxWriteTool(state, {
    name,
    description: block
      ? 'Block a domain at the sandbox DNS resolver and web proxy.'
      : 'Lift the block on a domain at the sandbox DNS resolver and web proxy.',
    input: blockInput,
    risk: 'high',
    scope: 'sandbox:firewall',
    target: (input) => ({ asset: input.domain, tags: ['dns'] }),
    prepare: (input, ctx) => {
      const existing = state.get<SandboxDomainBlock>(SANDBOX_DOMAIN_BLOCK_KIND, input.domain);
      const blocked = existing?.blocked === true;
      const data = { domain: input.domain, from: blocked, to: block };
      if (blocked === block) {
        return { summary: `${input.domain} is already ${block ? 'blocked' : 'not blocked'}`, data };
      }
      const reason = input.reason ?? '';
      return {
        summary: `dns: ${block ? 'block' : 'unblock'} ${input.domain}${reason === '' ? '' : ` (${reason})`}`,
        data,
        apply: () => {
          const entry: SandboxDomainBlock = {
            domain: input.domain,
            blocked: block,
            reason,
            at: ctx.clock.now().toISOString(),
          };
          state.put(SANDBOX_DOMAIN_BLOCK_KIND, input.domain, entry);
        },
      };
    },
    inverse: (input, result) =>
      resultChanged(result) ? { tool: inverseName, input: { domain: input.domain } } : undefined,
  });
}
