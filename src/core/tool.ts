import type { z } from 'zod';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Risk } from './risk.js';

/** What a step acts on; policy rules match on it. */
export interface Target {
  readonly environment: string;
  readonly service?: string;
  readonly asset?: string;
  readonly tags?: readonly string[];
}

export interface ToolContext {
  /** Same key on every attempt of one step: a tool that already applied it must not apply it again. */
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly clock: Clock;
  /** This step's leased credential scope only; revoked when the step ends. Never log or return it. */
  readonly credentials?: Readonly<Record<string, string>>;
}

export interface ToolResult {
  readonly ok: boolean;
  readonly summary: string;
  readonly data?: unknown;
}

/** A call that undoes a step, proposed by the tool after it ran. */
export interface ToolCallSpec {
  readonly tool: string;
  readonly input: unknown;
}

/**
 * An action on the world. Tools declare; only the policy engine decides.
 * Throw `ToolError(transient=true)` for faults worth retrying.
 */
export interface Tool<I = unknown> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  readonly risk: Risk;
  readonly reversible: boolean;
  /** Credential scope the tool needs, e.g. `sandbox:deploy`. */
  readonly scope: string;
  target(input: I): Target;
  dryRun?(input: I, ctx: ToolContext): Promise<ToolResult>;
  run(input: I, ctx: ToolContext): Promise<ToolResult>;
  rollback?(input: I, result: ToolResult): ToolCallSpec | undefined;
}

/** Tool catalogue: every tool the skills ship, by name. */
export interface ToolRegistry {
  get(name: string): Tool | undefined;
  list(): readonly Tool[];
}
