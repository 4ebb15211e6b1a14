import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxReadTool } from './define-sandbox-tool.js';
import { requireService } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxService } from './sandbox-schema.js';

/** Most log lines one call returns, so a chat reply stays readable. */
export const MAX_LOG_LINES = 200;

const serviceInput = z.object({ service: sandboxId });
const deploysInput = z.object({ service: sandboxId, limit: z.number().int().min(1).max(50).optional() });
const logsInput = z.object({
  service: sandboxId,
  lines: z.number().int().min(1).max(MAX_LOG_LINES).optional(),
  contains: z.string().min(1).optional(),
});

/** `sandbox.service_status`: version, replicas, health, dependencies and dependents of one service. */
export function createServiceStatusTool(state: SandboxStateRepository): Tool<z.infer<typeof serviceInput>> {
  return defineSandboxReadTool(state, {
    name: 'sandbox.service_status',
    description: 'Show version, replicas, health and dependencies of a sandbox service.',
    input: serviceInput,
    risk: 'low',
    scope: 'sandbox:read',
    target: (input) => ({ service: input.service }),
    read: (input) => {
      const svc = requireService(state, input.service);
      const dependents = state
        .list<SandboxService>(SANDBOX_KINDS.service)
        .filter((s) => s.dependsOn.includes(svc.name))
        .map((s) => s.name)
        .sort();
      const deps = svc.dependsOn.length > 0 ? `; depends on ${svc.dependsOn.join(', ')}` : '';
      return {
        ok: true,
        summary:
          `${svc.name} ${svc.version}: ${svc.status}, ${svc.replicas} replicas ` +
          `(min ${svc.minReplicas}, max ${svc.maxReplicas})${deps}`,
        data: {
          service: svc.name,
          version: svc.version,
          status: svc.status,
          replicas: svc.replicas,
          minReplicas: svc.minReplicas,
          maxReplicas: svc.maxReplicas,
          dependsOn: svc.dependsOn,
          dependents,
          lastDeploy: svc.deploys.at(-1),
        },
      };
    },
  });
}

/** `sandbox.recent_deploys`: the deploy history, newest first, with good/bad markers. */
export function createRecentDeploysTool(state: SandboxStateRepository): Tool<z.infer<typeof deploysInput>> {
  return defineSandboxReadTool(state, {
    name: 'sandbox.recent_deploys',
    description: 'List the recent deploys of a sandbox service, newest first.',
    input: deploysInput,
    risk: 'low',
    scope: 'sandbox:read',
    target: (input) => ({ service: input.service }),
    read: (input) => {
      const svc = requireService(state, input.service);
      const deploys = [...svc.deploys].reverse().slice(0, input.limit ?? 5);
      const list = deploys.map((d) => `${d.version} ${d.status} (${d.at} by ${d.by})`).join(', ');
      return {
        ok: true,
        summary: `${svc.name} deploys, newest first: ${list}`,
        data: { service: svc.name, deploys },
      };
    },
  });
}

/** `sandbox.logs`: the service's most recent log lines, bounded by {@link MAX_LOG_LINES}. */
export function createLogsTool(state: SandboxStateRepository): Tool<z.infer<typeof logsInput>> {
  return defineSandboxReadTool(state, {
    name: 'sandbox.logs',
    description: `Show the most recent log lines of a sandbox service (at most ${MAX_LOG_LINES}).`,
    input: logsInput,
    risk: 'low',
    scope: 'sandbox:read',
    target: (input) => ({ service: input.service }),
    read: (input) => {
      const svc = requireService(state, input.service);
      const needle = input.contains;
      const matching = needle === undefined ? svc.logs : svc.logs.filter((l) => l.includes(needle));
      const lines = matching.slice(-(input.lines ?? 20));
      return {
        ok: true,
        summary: `${svc.name}: last ${lines.length} of ${matching.length} log lines${needle === undefined ? '' : ` containing "${needle}"`}`,
        data: { service: svc.name, lines },
      };
    },
  });
}
