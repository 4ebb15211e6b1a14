import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireFlag } from './sandbox-fleet.js';
import { FLAG_TTL_KIND, MAX_FLAG_TTL_MINUTES, flagTtlId } from './flag-ttl.js';
import type { SandboxFlagTtl } from './flag-ttl.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';

const flipFlagInput = z.object({
  flag: sandboxId,
  enabled: z.boolean(),
  /** Flip back automatically after this many minutes (durable: a `flag_ttl` record the scheduler reverts). */
  ttlMinutes: z.coerce.number().int().min(1).max(MAX_FLAG_TTL_MINUTES).optional(),
});
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
    prepare: (input, ctx) => {
      const flag = requireFlag(state, input.flag);
      const word = (on: boolean): string => (on ? 'on' : 'off');
      const now = ctx.clock.now();
      const ttl =
        input.ttlMinutes === undefined
          ? undefined
          : {
              id: flagTtlId(ctx.idempotencyKey),
              revertAt: new Date(now.getTime() + input.ttlMinutes * 60_000).toISOString(),
            };
      const data = {
        flag: flag.name,
        service: flag.service,
        from: flag.enabled,
        to: input.enabled,
        ...(ttl === undefined ? {} : { ttlId: ttl.id, revertAt: ttl.revertAt }),
      };
      if (flag.enabled === input.enabled)
        return { summary: `flag ${flag.name} is already ${word(flag.enabled)}`, data };
      const revert = ttl === undefined ? '' : `, reverts to ${word(flag.enabled)} at ${ttl.revertAt}`;
      return {
        summary: `flag ${flag.name} (${flag.service}): ${word(flag.enabled)} → ${word(input.enabled)}${revert}`,
        data,
        apply: () => {
          const changedAt = now.toISOString();
          state.put(SANDBOX_KINDS.flag, flag.name, { ...flag, enabled: input.enabled, changedAt });
          if (ttl === undefined) return;
          const record: SandboxFlagTtl = {
            id: ttl.id,
            flag: flag.name,
            service: flag.service,
            revertTo: flag.enabled,
            revertAt: ttl.revertAt,
            status: 'pending',
          };
          state.put(FLAG_TTL_KIND, ttl.id, record);
        },
      };
    },
    inverse: (input, result) => {
      const from = resultField(result, 'from');
      if (!resultChanged(result) || typeof from !== 'boolean') return undefined;
      return { tool: 'sandbox.flip_flag', input: { flag: input.flag, enabled: from } };
    },
  });
}
