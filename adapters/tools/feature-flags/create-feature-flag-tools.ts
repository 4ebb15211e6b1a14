import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool } from '../../../src/core/index.js';
import { callOpsApi } from '../prometheus/call-ops-api.js';
import type { OpsApiOptions } from '../prometheus/call-ops-api.js';

export interface FeatureFlagToolsOptions {
  /** `FLAGS_API_URL` and `FLAGS_API_TOKEN`. */
  readonly api: OpsApiOptions;
  readonly environment: string;
}

const key = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a flag key')
  .max(200);
const setInput = z.object({ flag: key, enabled: z.boolean() });
const flagSchema = z.looseObject({ key: z.string(), enabled: z.boolean(), service: z.string().optional() });

/**
 * A generic HTTP feature-flag API: `GET /flags/{key}` → `{key, enabled, service?}`, `PUT /flags/{key}`
 * with `{enabled}`. `flags.set` (medium, reversible: its rollback sets the previous value) reads the
 * flag first, so the dry-run and the rollback know what it was.
 */
export function createFeatureFlagTools(o: FeatureFlagToolsOptions): Tool[] {
  const read = async (flag: string, signal: AbortSignal) => {
    const res = await callOpsApi(o.api, {
      method: 'GET',
      path: `/flags/${encodeURIComponent(flag)}`,
      signal,
      accept: [404],
    });
    if (res.status === 404) throw new ToolError(`unknown feature flag "${flag}"`, false, { flag });
    const parsed = flagSchema.safeParse(res.body);
    if (!parsed.success) throw new ToolError('the flag API answered with an unexpected body', false);
    return parsed.data;
  };
  const word = (on: boolean): string => (on ? 'on' : 'off');
  const set: Tool<z.infer<typeof setInput>> = {
    name: 'flags.set',
    description: 'Turn a feature flag on or off through the flag service.',
    input: setInput,
    risk: 'medium',
    reversible: true,
    scope: 'flags:write',
    target: (input) => ({ environment: o.environment, asset: `flag:${input.flag}` }),
    dryRun: async (input, ctx) => {
      const f = await read(input.flag, ctx.signal);
      return {
        ok: true,
        summary: `flag ${f.key}: ${word(f.enabled)} → ${word(input.enabled)}`,
        data: { from: f.enabled, to: input.enabled, dryRun: true },
      };
    },
    run: async (input, ctx) => {
      const f = await read(input.flag, ctx.signal);
      if (f.enabled === input.enabled)
        return {
          ok: true,
          summary: `flag ${f.key} is already ${word(f.enabled)}`,
          data: { from: f.enabled, to: f.enabled, changed: false },
        };
      await callOpsApi(o.api, {
        method: 'PUT',
        path: `/flags/${encodeURIComponent(input.flag)}`,
        body: { enabled: input.enabled },
        signal: ctx.signal,
      });
      return {
        ok: true,
        summary: `flag ${f.key}: ${word(f.enabled)} → ${word(input.enabled)}`,
        data: { from: f.enabled, to: input.enabled, changed: true },
      };
    },
    rollback: (input, result) => {
      const d = result.data as { from?: unknown; changed?: unknown } | undefined;
      return result.ok && d?.changed === true && typeof d.from === 'boolean'
        ? { tool: 'flags.set', input: { flag: input.flag, enabled: d.from } }
        : undefined;
    },
  };
  return [set] as Tool[];
}
