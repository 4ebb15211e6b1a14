import type { z } from 'zod';
import type { Tool, ToolContext, ToolResult } from '../../src/core/index.js';

/** The environment security read tools report in their target (they read Watchkeeper's own records). */
export const SECURITY_ENVIRONMENT = 'security';

/**
 * A low-risk, read-only security tool: the read commands (`triage`, `incidents`, `intel`, `vulns`,
 * `evidence`) run through playbooks and the policy like any other step, so they are audited and rate
 * limited, and run alone under the default policy.
 */
export function defineSecurityReadTool<I>(spec: {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly asset?: (input: I) => string | undefined;
  readonly read: (input: I, ctx: ToolContext) => ToolResult | Promise<ToolResult>;
}): Tool<I> {
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    risk: 'low',
    reversible: false,
    scope: 'security:read',
    target: (input) => {
      const asset = spec.asset?.(input);
      return { environment: SECURITY_ENVIRONMENT, ...(asset === undefined ? {} : { asset }) };
    },
    run: async (input, ctx) => spec.read(input, ctx),
  };
}
