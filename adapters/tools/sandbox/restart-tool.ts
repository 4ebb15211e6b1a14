import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { requireService } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';

const restartInput = z.object({ service: sandboxId });
export type RestartInput = z.infer<typeof restartInput>;

/**
 * `sandbox.restart` (medium, not reversible: a restart cannot be undone, only repeated): a rolling
 * restart of every replica of a service, recorded in its logs with the time.
 */
export function createRestartTool(state: SandboxStateRepository): Tool<RestartInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.restart',
    description: 'Rolling restart of every replica of a sandbox service.',
    input: restartInput,
    risk: 'medium',
    scope: 'sandbox:deploy',
    target: (input) => ({ service: input.service }),
    prepare: (input, ctx) => {
      const svc = requireService(state, input.service);
      const at = ctx.clock.now().toISOString();
      return {
        summary: `${svc.name}: rolling restart of ${svc.replicas} replicas (${svc.version})`,
        data: { service: svc.name, replicas: svc.replicas, version: svc.version, restartedAt: at },
        apply: () =>
          state.put(SANDBOX_KINDS.service, svc.name, {
            ...svc,
            restartedAt: at,
            logs: [...svc.logs, `${at} INFO deploy: rolling restart of ${svc.replicas} replicas`],
          }),
      };
    },
  });
}
