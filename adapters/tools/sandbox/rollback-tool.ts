import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireService } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxDeploy, SandboxService } from './sandbox-schema.js';

const rollbackInput = z.object({ service: sandboxId, toVersion: sandboxId.optional() });
export type RollbackInput = z.infer<typeof rollbackInput>;

/**
 * `sandbox.rollback` (high, reversible): puts a service back on an earlier version. Without `toVersion`
 * it picks the last deploy marked good before the running one. The rollback is recorded as a new deploy
 * entry, so rolling back the rollback (its inverse call) is an ordinary rollback to the previous version.
 */
export function createRollbackTool(state: SandboxStateRepository): Tool<RollbackInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.rollback',
    description: 'Roll a sandbox service back to an earlier version (default: the last good deploy).',
    input: rollbackInput,
    risk: 'high',
    scope: 'sandbox:deploy',
    target: (input) => ({ service: input.service }),
    prepare: (input, ctx) => {
      const svc = requireService(state, input.service);
      const from = svc.version;
      const target = chooseVersion(svc, input.toVersion);
      const status = target.status;
      const summary = `${svc.name}: ${from} → ${target.version}, ${svc.replicas} replicas restarted`;
      return {
        summary,
        data: { service: svc.name, from, to: target.version, replicas: svc.replicas, status },
        apply: () => {
          const at = ctx.clock.now().toISOString();
          const entry: SandboxDeploy = {
            version: target.version,
            at,
            by: 'watchkeeper',
            status,
            rollbackOf: from,
          };
          const next: SandboxService = {
            ...svc,
            version: target.version,
            status: status === 'good' ? 'healthy' : 'degraded',
            deploys: [...svc.deploys, entry],
            logs: [...svc.logs, `${at} INFO deploy: rolled back ${from} -> ${target.version}`],
          };
          state.put(SANDBOX_KINDS.service, svc.name, next);
        },
      };
    },
    inverse: (input, result) => {
      const from = resultField(result, 'from');
      if (!resultChanged(result) || typeof from !== 'string') return undefined;
      return { tool: 'sandbox.rollback', input: { service: input.service, toVersion: from } };
    },
  });
}

/** The deploy to return to: the named version, or the last good one before the running deploy. */
function chooseVersion(svc: SandboxService, toVersion: string | undefined): SandboxDeploy {
  const history = svc.deploys;
  if (toVersion !== undefined) {
    if (toVersion === svc.version) {
      throw new ToolError(`${svc.name} already runs ${toVersion}; nothing to roll back`, false, {
        service: svc.name,
      });
    }
    const found = [...history].reverse().find((d) => d.version === toVersion);
    if (found === undefined) {
      const known = [...new Set(history.map((d) => d.version))].join(', ');
      throw new ToolError(`${svc.name} was never deployed at ${toVersion} (known: ${known})`, false, {
        service: svc.name,
      });
    }
    return found;
  }
  for (let i = history.length - 2; i >= 0; i--) {
    const d = history[i];
    if (d !== undefined && d.status === 'good' && d.version !== svc.version) return d;
  }
  throw new ToolError(`${svc.name} has no good deploy before ${svc.version} to roll back to`, false, {
    service: svc.name,
  });
}
