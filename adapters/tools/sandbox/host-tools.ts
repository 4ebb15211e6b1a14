import { z } from 'zod';
import type { SandboxStateRepository, Target, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged } from './result-data.js';
import { requireHost } from './sandbox-fleet.js';
import { SANDBOX_KINDS, sandboxId } from './sandbox-schema.js';
import type { SandboxHost } from './sandbox-schema.js';

const hostInput = z.object({ host: sandboxId });
export type HostInput = z.infer<typeof hostInput>;

/** `sandbox.isolate_host` (high, reversible by `sandbox.release_host`): cuts a host off the network. */
export function createIsolateHostTool(state: SandboxStateRepository): Tool<HostInput> {
  return hostTool(state, true);
}

/** `sandbox.release_host` (high, reversible by `sandbox.isolate_host`): puts an isolated host back. */
export function createReleaseHostTool(state: SandboxStateRepository): Tool<HostInput> {
  return hostTool(state, false);
}

function hostTool(state: SandboxStateRepository, isolate: boolean): Tool<HostInput> {
  const name = isolate ? 'sandbox.isolate_host' : 'sandbox.release_host';
  const inverseName = isolate ? 'sandbox.release_host' : 'sandbox.isolate_host';
  const word = (isolated: boolean): string => (isolated ? 'isolated' : 'in service');
  return defineSandboxWriteTool(state, {
    name,
    description: isolate
      ? 'Isolate a sandbox host from the network (containment).'
      : 'Release an isolated sandbox host back into service.',
    input: hostInput,
    risk: 'high',
    scope: 'sandbox:hosts',
    target: (input) => hostTarget(state, input.host),
    prepare: (input) => {
      const host = requireHost(state, input.host);
      const data = { host: host.id, service: host.service, from: host.isolated, to: isolate };
      if (host.isolated === isolate) return { summary: `host ${host.id} is already ${word(isolate)}`, data };
      return {
        summary: `host ${host.id} (${host.service}): ${word(host.isolated)} → ${word(isolate)}`,
        data,
        apply: () => state.put(SANDBOX_KINDS.host, host.id, { ...host, isolated: isolate }),
      };
    },
    inverse: (input, result) =>
      resultChanged(result) ? { tool: inverseName, input: { host: input.host } } : undefined,
  });
}

/** Hosts' tags flow into the target so policy rules can match on them (e.g. `crown-jewel`). */
function hostTarget(state: SandboxStateRepository, id: string): Omit<Target, 'environment'> {
  const host = state.get<SandboxHost>(SANDBOX_KINDS.host, id);
  if (host === undefined) return { asset: id };
  return { service: host.service, asset: host.id, tags: host.tags };
}
