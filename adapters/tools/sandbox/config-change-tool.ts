import { z } from 'zod';
import type { SandboxStateRepository, Tool } from '../../../src/core/index.js';
import { defineSandboxWriteTool } from './define-sandbox-tool.js';
import { resultChanged, resultField } from './result-data.js';
import { requireService } from './sandbox-fleet.js';
import { sandboxId } from './sandbox-schema.js';

const CONFIG_KIND = 'config';

/** A service's runtime configuration in the sandbox: plain string settings. */
export interface SandboxConfig {
  readonly service: string;
  readonly values: Readonly<Record<string, string>>;
}

const configInput = z.object({
  service: sandboxId,
  key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'expected a setting name such as DB_POOL_SIZE'),
  /** The new value; `null` removes the setting. */
  value: z.union([z.null(), z.coerce.string().max(1000)]),
});
export type ConfigChangeInput = z.infer<typeof configInput>;

/**
 * `sandbox.config_change` (high, reversible): changes one setting of a service. The dry-run is the
 * proposal people approve: a diff and the exact rollback call; the change is only applied by `run`, which
 * the policy lets happen only after an approval.
 */
export function createConfigChangeTool(state: SandboxStateRepository): Tool<ConfigChangeInput> {
  return defineSandboxWriteTool(state, {
    name: 'sandbox.config_change',
    description:
      'Change one configuration setting of a sandbox service (diff and rollback plan shown first).',
    input: configInput,
    risk: 'high',
    scope: 'sandbox:config',
    target: (input) => ({ service: input.service, asset: `config:${input.key}` }),
    prepare: (input) => {
      const svc = requireService(state, input.service);
      const current = state.get<SandboxConfig>(CONFIG_KIND, svc.name)?.values ?? {};
      const from = Object.prototype.hasOwnProperty.call(current, input.key)
        ? (current[input.key] ?? null)
        : null;
      const to = input.value;
      const show = (v: string | null): string => (v === null ? '(unset)' : v);
      const diff = [
        ...(from === null ? [] : [`- ${input.key}=${from}`]),
        ...(to === null ? [] : [`+ ${input.key}=${to}`]),
      ].join(' ');
      const rollbackPlan = `sandbox.config_change ${JSON.stringify({ service: svc.name, key: input.key, value: from })}`;
      const data = { service: svc.name, key: input.key, from, to, diff, rollbackPlan };
      if (from === to) return { summary: `${svc.name}: ${input.key} is already ${show(to)}`, data };
      const next: Record<string, string> = { ...current };
      if (to === null) delete next[input.key];
      else next[input.key] = to;
      return {
        summary: `${svc.name} config: ${diff} (rollback: set ${input.key} back to ${show(from)})`,
        data,
        apply: () => state.put(CONFIG_KIND, svc.name, { service: svc.name, values: next }),
      };
    },
    inverse: (input, result) => {
      const from = resultField(result, 'from');
      if (!resultChanged(result) || (from !== null && typeof from !== 'string')) return undefined;
      return {
        tool: 'sandbox.config_change',
        input: { service: input.service, key: input.key, value: from },
      };
    },
  });
}

/** The current configuration of a sandbox service (empty when nothing was ever set). */
export function sandboxConfig(
  state: SandboxStateRepository,
  service: string,
): Readonly<Record<string, string>> {
  return state.get<SandboxConfig>(CONFIG_KIND, service)?.values ?? {};
}
