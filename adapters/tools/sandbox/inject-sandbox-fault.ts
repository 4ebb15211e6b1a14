import { ToolError } from '../../../src/core/index.js';
import type { SandboxStateRepository } from '../../../src/core/index.js';
import { SANDBOX_KINDS } from './sandbox-schema.js';

/** The fault document stored under (`faults`, `<tool name>`). */
export interface SandboxFault {
  /** The next N calls fail with a transient ToolError before applying anything. */
  readonly transientFailures: number;
  /** The next call waits this long before doing anything (0 or absent: no delay). */
  readonly delayMs?: number;
}

/**
 * Makes the next `n` calls of `tool` fail with a transient ToolError before they apply anything, so tests
 * and drills can exercise retries, back-off and the circuit breaker against the sandbox.
 */
export function injectSandboxFault(state: SandboxStateRepository, tool: string, n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError('transient failure count must be a non-negative integer');
  state.put(SANDBOX_KINDS.faults, tool, {
    ...readFault(state, tool),
    transientFailures: n,
  } satisfies SandboxFault);
}

/**
 * Makes the next call of `tool` wait `ms` before it applies anything (0 clears it), so a test can kill
 * the process while a call is in flight. Stored in the sandbox state, so another process can set it;
 * consumed (cleared) when the call starts waiting, so a restarted process does not wait again.
 */
export function injectSandboxDelay(state: SandboxStateRepository, tool: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError('delay must be a non-negative number of milliseconds');
  state.put(SANDBOX_KINDS.faults, tool, { ...readFault(state, tool), delayMs: ms } satisfies SandboxFault);
}

/**
 * Applies the injected faults of `tool` to one call: consumes and waits out a delay (a transient
 * ToolError if the call is aborted meanwhile), then consumes one transient failure, if any, by throwing. The decrement is
 * written outside any idempotency transaction so that it survives the throw.
 */
export async function applySandboxFaults(
  state: SandboxStateRepository,
  tool: string,
  signal: AbortSignal,
): Promise<void> {
  const pending = readFault(state, tool);
  const delayMs = pending.delayMs ?? 0;
  if (delayMs > 0) {
    state.put(SANDBOX_KINDS.faults, tool, { ...pending, delayMs: 0 } satisfies SandboxFault);
    await sleep(delayMs, signal, tool);
  }
  const fault = readFault(state, tool);
  if (fault.transientFailures <= 0) return;
  const left = fault.transientFailures - 1;
  state.put(SANDBOX_KINDS.faults, tool, { ...fault, transientFailures: left } satisfies SandboxFault);
  throw new ToolError(`${tool}: injected transient fault (${left} left)`, true, { injected: true, left });
}

function readFault(state: SandboxStateRepository, tool: string): SandboxFault {
  return state.get<SandboxFault>(SANDBOX_KINDS.faults, tool) ?? { transientFailures: 0 };
}

function sleep(ms: number, signal: AbortSignal, tool: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = (): void => {
      clearTimeout(timer);
      reject(new ToolError(`${tool}: call aborted during an injected delay`, true, { injected: true }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', aborted);
      resolve();
    }, ms);
    if (signal.aborted) aborted();
    else signal.addEventListener('abort', aborted, { once: true });
  });
}
