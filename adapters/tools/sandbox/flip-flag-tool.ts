import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireFlag } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';

const flipFlagInput = z.object({ flag: sandboxId, enabled: z.boolean() });
export type FlipFlagInput = z.infer<typeof flipFlagInput>;

/** `sandbox.flip_flag` (medium, reversible): turns a feature flag on or off; its target is the flag's service. */
export function createFlipFlagTool(state: SandboxStateRepository): Tool<FlipFlagInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.flip_flag',
    description: 'Turn a sandbox feature flag on or off.',
    input: flipFlagInput,
    risk: 'medium',
    scope: 'sandbox:flags',
    target: (input) => {
      const flag = state.get<{ service: string }>(SANDBOX_KINDS.flag, input.flag);
      return flag === undefined ? { asset: input.flag } : { service: flag.service, asset: input.flag };
    },
    prepare: (input) => {
      const flag = requireFlag(state, input.flag);
      const word = (on: boolean): string => (on ? 'on' : 'off');
      const data = { flag: flag.name, service: flag.service, from: flag.enabled, to: input.enabled };
      if (flag.enabled === input.enabled)
        return { summary: `flag ${flag.name} is already ${word(flag.enabled)}`, data };
      return {
        summary: `flag ${flag.name} (${flag.service}): ${word(flag.enabled)} → ${word(input.enabled)}`,
        data,
        apply: () => state.put(SANDBOX_KINDS.flag, flag.name, { ...flag, enabled: input.enabled }),
      };
    },
    inverse: (input, result) => {
      const from = resultField(result, 'from');
      if (!resultChanged(result) || typeof from !== 'boolean') return undefined;
      return { tool: 'sandbox.flip_flag', input: { flag: input.flag, enabled: from } };
    },
  });
}
