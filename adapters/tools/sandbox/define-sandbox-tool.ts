import type { z } from 'zod';
import type {
  Risk,
  SandboxStateRepository,
  Target,
  Tool,
  ToolCallSpec,
  ToolContext,
  ToolResult,
} from '../../../src/core/index.js';
import { applySandboxFaults } from './inject-sandbox-fault.js';
import { SANDBOX_ENVIRONMENT } from './sandbox-schema.js';

/** A computed change: what it would do, and how to do it. Preparing it never writes. */
export interface SandboxChange {
  readonly summary: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Applies the change; absent when there is nothing to do (already in the requested state). */
  readonly apply?: () => void;
}

interface SandboxToolBase<I> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly risk: Risk;
  readonly scope: string;
  /** Target without the environment, which is always `sandbox`. */
  readonly target: (input: I) => Omit<Target, 'environment'>;
}

/** A read-only diagnostic: no dry-run, no idempotency record. */
export interface SandboxReadSpec<I> extends SandboxToolBase<I> {
  readonly read: (input: I, ctx: ToolContext) => ToolResult;
}

/** A write: `prepare` computes the change; dry-run shows it, run applies it once per idempotency key. */
export interface SandboxWriteSpec<I> extends SandboxToolBase<I> {
  readonly prepare: (input: I, ctx: ToolContext) => SandboxChange;
  /** The inverse call for a result of `run`; absent for irreversible tools. */
  readonly inverse?: (input: I, result: ToolResult) => ToolCallSpec | undefined;
}

/**
 * Builds a read-only sandbox tool. Injected faults fire before anything is read.
 */
export function defineSandboxReadTool<I>(state: SandboxStateRepository, spec: SandboxReadSpec<I>): Tool<I> {
  return {
    ...base(spec),
    reversible: false,
    run: async (input, ctx) => {
      await applySandboxFaults(state, spec.name, ctx.signal);
      return spec.read(input, ctx);
    },
  };
}

/**
 * Builds a sandbox write tool. Every write goes through `state.once(idempotencyKey)` so a retried call
 * with the same key returns the first result and never applies twice; the dry-run is the same
 * computation without the write, so its preview is exactly what `run` would do.
 */
export function defineSandboxWriteTool<I>(state: SandboxStateRepository, spec: SandboxWriteSpec<I>): Tool<I> {
  const inverse = spec.inverse;
  const tool: Tool<I> = {
    ...base(spec),
    reversible: inverse !== undefined,
    dryRun: async (input, ctx) => {
      const change = spec.prepare(input, ctx);
      return {
        ok: true,
        summary: change.summary,
        data: { ...change.data, dryRun: true, changed: change.apply !== undefined },
      };
    },
    run: async (input, ctx) => {
      await applySandboxFaults(state, spec.name, ctx.signal);
      return state.once<ToolResult>(`${spec.name}:${ctx.idempotencyKey}`, () => {
        const change = spec.prepare(input, ctx);
        change.apply?.();
        return {
          ok: true,
          summary: change.summary,
          data: { ...change.data, changed: change.apply !== undefined },
        };
      });
    },
  };
  return inverse === undefined ? tool : { ...tool, rollback: (input, result) => inverse(input, result) };
}

function base<I>(
  spec: SandboxToolBase<I>,
): Pick<Tool<I>, 'name' | 'description' | 'input' | 'risk' | 'scope' | 'target'> {
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    risk: spec.risk,
    scope: spec.scope,
    target: (input) => ({ ...spec.target(input), environment: SANDBOX_ENVIRONMENT }),
  };
}
