import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireService } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxService } from './sandbox-schema.js';

const scaleInput = z
  .object({
    service: sandboxId,
    /** Absolute replica count. */
    replicas: z.number().int().min(0).optional(),
    /** Relative change, e.g. 2 or -1. */
    by: z.number().int().optional(),
  })
  .refine((i) => (i.replicas === undefined) !== (i.by === undefined), {
    message: 'give exactly one of replicas or by',
  });
export type ScaleInput = z.infer<typeof scaleInput>;

/**
 * `sandbox.scale` (medium, reversible): sets a service's replica count, absolute or relative. A count
 * outside the service's min/max is refused with a non-transient ToolError, because a retry never fixes it.
 */
export function createScaleTool(state: SandboxStateRepository): Tool<ScaleInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.scale',
    description: 'Scale a sandbox service to a replica count (replicas) or by a relative amount (by).',
    input: scaleInput,
    risk: 'medium',
    scope: 'sandbox:scale',
    target: (input) => ({ service: input.service, ...scaleTags(state, input) }),
    prepare: (input) => {
      const svc = requireService(state, input.service);
      const from = svc.replicas;
      const to = input.replicas ?? from + (input.by ?? 0);
      if (to < svc.minReplicas || to > svc.maxReplicas) {
        throw new ToolError(
          `${svc.name}: ${to} replicas is outside the allowed range ${svc.minReplicas}–${svc.maxReplicas}`,
          false,
          { service: svc.name, requested: to, minReplicas: svc.minReplicas, maxReplicas: svc.maxReplicas },
        );
      }
      const data = { service: svc.name, from, to };
      if (to === from) return { summary: `${svc.name}: already at ${from} replicas`, data };
      return {
        summary: `${svc.name}: ${from} → ${to} replicas`,
        data,
        apply: () => state.put(SANDBOX_KINDS.service, svc.name, { ...svc, replicas: to }),
      };
    },
    inverse: (input, result) => {
      const from = resultField(result, 'from');
      if (!resultChanged(result) || typeof from !== 'number') return undefined;
      return { tool: 'sandbox.scale', input: { service: input.service, replicas: from } };
    },
  });
}

/**
 * `scale:above-max` / `scale:below-min` when the requested count leaves the service's bounds, so a policy
 * rule can deny it before anything runs (and say which rule), rather than the tool failing afterwards.
 */
function scaleTags(state: SandboxStateRepository, input: ScaleInput): { tags?: string[] } {
  const svc = state.get<SandboxService>(SANDBOX_KINDS.service, input.service);
  if (svc === undefined) return {};
  const to = input.replicas ?? svc.replicas + (input.by ?? 0);
  if (to > svc.maxReplicas) return { tags: ['scale:above-max'] };
  if (to < svc.minReplicas) return { tags: ['scale:below-min'] };
  return {};
}
