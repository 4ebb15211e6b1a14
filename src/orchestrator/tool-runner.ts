import {
  ToolError,
  WatchkeeperError,
  type Clock,
  type Logger,
  type Tool,
  type ToolResult,
  type Target,
} from '../core/index.js';
import { backoffDelay, sleep } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface ToolRunnerOptions {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly breaker: CircuitBreaker;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  /** Aborted at shutdown so back-off waits end at once. */
  readonly shutdown: AbortSignal;
}

export type ToolOutcome =
  | { readonly ok: true; readonly result: ToolResult; readonly attempts: number }
  | { readonly ok: false; readonly code: string; readonly error: string; readonly attempts: number };

/**
 * Calls one tool with a timeout, retrying transient faults with back-off and jitter, behind a
 * per-target circuit breaker. Every attempt carries the same idempotency key.
 */
export async function runTool(
  tool: Tool,
  input: unknown,
  target: Target,
  idempotencyKey: string,
  options: ToolRunnerOptions,
  extra: { readonly credentials?: Readonly<Record<string, string>> | undefined } = {},
): Promise<ToolOutcome> {
  const breakerKey = `${tool.name}@${target.environment}/${target.service ?? target.asset ?? '*'}`;
  if (!options.breaker.allows(breakerKey)) {
    return {
      ok: false,
      code: 'CIRCUIT_OPEN',
      error: `circuit open for ${breakerKey}: too many recent failures`,
      attempts: 0,
    };
  }
  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      const result = await callWithTimeout(tool, input, idempotencyKey, options, extra.credentials);
      options.breaker.succeeded(breakerKey);
      return { ok: true, result, attempts: attempt };
    } catch (err) {
      const transient = err instanceof ToolError ? err.transient : err instanceof TimeoutError;
      const message = err instanceof Error ? err.message : String(err);
      options.logger.warn('tool call failed', { tool: tool.name, attempt, transient, error: message });
      if (!transient || attempt > options.retries || options.shutdown.aborted) {
        options.breaker.failed(breakerKey);
        const code =
          err instanceof WatchkeeperError
            ? err.code
            : err instanceof TimeoutError
              ? 'TOOL_TRANSIENT'
              : 'TOOL_FAILED';
        return { ok: false, code, error: message, attempts: attempt };
      }
      await sleep(backoffDelay(attempt - 1, options.retryBaseMs, 30_000, options.random), options.shutdown);
    }
  }
}

class TimeoutError extends Error {}

async function callWithTimeout(
  tool: Tool,
  input: unknown,
  idempotencyKey: string,
  o: ToolRunnerOptions,
  credentials?: Readonly<Record<string, string>>,
): Promise<ToolResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(`${tool.name} timed out after ${o.timeoutMs} ms`));
    }, o.timeoutMs);
  });
  try {
    return await Promise.race([
      tool.run(input, {
        idempotencyKey,
        signal: controller.signal,
        logger: o.logger.child(tool.name),
        clock: o.clock,
        ...(credentials === undefined ? {} : { credentials }),
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
