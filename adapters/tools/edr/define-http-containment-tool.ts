import type { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Risk, Target, Tool, ToolCallSpec, ToolResult } from '../../../src/core/index.js';
import { callJsonApi } from './call-json-api.js';
import type { JsonApiOptions, JsonApiRequest } from './call-json-api.js';

/** One containment action on an HTTP API: how to read the current state, and how to change it. */
export interface HttpContainmentSpec<I> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly risk: Risk;
  readonly scope: string;
  readonly target: (input: I) => Omit<Target, 'environment'>;
  /** Reads whether the object is already in the wanted state (`undefined`: the API does not say). */
  readonly current?: (
    input: I,
  ) => JsonApiRequest & { readonly state: (status: number, body: unknown) => boolean | undefined };
  readonly change: (input: I) => JsonApiRequest;
  /** A 404 on the change means "already so" (removing a block that is not there), not an unknown object. */
  readonly notFoundIsDone?: boolean;
  /** Says what the change does, for the preview and the result. */
  readonly describe: (input: I) => string;
  /** The release call, proposed after a call that changed something. */
  readonly inverse?: (input: I) => ToolCallSpec;
}

/**
 * Builds a containment tool over a JSON API. The dry-run reads the current state (never writes); `run`
 * sends the change with the step's idempotency key; a 404 on the change is a non-transient failure
 * (unknown host or user). The result says whether the API changed anything, which decides whether a
 * release step is proposed.
 */
export function defineHttpContainmentTool<I>(
  api: JsonApiOptions,
  environment: string,
  spec: HttpContainmentSpec<I>,
): Tool<I> {
  const tool: Tool<I> = {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    risk: spec.risk,
    reversible: spec.inverse !== undefined,
    scope: spec.scope,
    target: (input) => ({ ...spec.target(input), environment }),
    dryRun: async (input, ctx) => {
      const what = spec.describe(input);
      const probe = spec.current?.(input);
      if (probe === undefined) return { ok: true, summary: `would ${what}`, data: { dryRun: true } };
      const res = await callJsonApi(api, { ...probe, signal: ctx.signal });
      const already = probe.state(res.status, res.body);
      if (res.status === 404 && already === undefined) {
        // Shown to approvers in the preview: approving a step on an object the EDR does not know is pointless.
        return {
          ok: false,
          summary: `would ${what}, but the API does not know it (HTTP 404)`,
          data: { dryRun: true },
        };
      }
      return {
        ok: true,
        summary: already === true ? `nothing to do: already done (${what})` : `would ${what}`,
        data: { dryRun: true, changed: already !== true },
      };
    },
    run: async (input, ctx) => {
      const req = spec.change(input);
      const res = await callJsonApi(api, { ...req, idempotencyKey: ctx.idempotencyKey, signal: ctx.signal });
      if (res.status === 404 && spec.notFoundIsDone === true) {
        return {
          ok: true,
          summary: `already done: ${spec.describe(input)}`,
          data: { changed: false, status: 404 },
        };
      }
      if (res.status === 404) {
        throw new ToolError(`${spec.name}: not found (${req.method} ${req.path})`, false, { status: 404 });
      }
      const changed = changedFlag(res.body);
      const what = spec.describe(input);
      return {
        ok: true,
        summary: changed ? what : `already done: ${what}`,
        data: { changed, status: res.status, response: res.body ?? null },
      };
    },
  };
  const inverse = spec.inverse;
  if (inverse === undefined) return tool;
  return {
    ...tool,
    rollback: (input: I, result: ToolResult) =>
      result.ok && resultChanged(result) ? inverse(input) : undefined,
  };
}

/** APIs answer `{changed: false}` for a no-op; anything else (or no body) counts as a change. */
function changedFlag(body: unknown): boolean {
  if (body !== null && typeof body === 'object' && 'changed' in body) {
    return (body as { changed: unknown }).changed !== false;
  }
  return true;
}

function resultChanged(result: ToolResult): boolean {
  const data = result.data;
  return data !== null && typeof data === 'object' && (data as { changed?: unknown }).changed === true;
}
