import type { ToolResult } from '../../../src/core/index.js';

/**
 * Reads a field of a sandbox tool result's `data` for building the inverse call. Results come back from
 * the store as plain JSON, so they are read defensively rather than trusted by type.
 */
export function resultField(result: ToolResult, key: string): unknown {
  const data = result.data;
  if (data === null || typeof data !== 'object') return undefined;
  return (data as Record<string, unknown>)[key];
}

/** True when the result says the call changed the fleet (not a no-op, not a dry-run). */
export function resultChanged(result: ToolResult): boolean {
  return result.ok && resultField(result, 'changed') === true && resultField(result, 'dryRun') !== true;
}
