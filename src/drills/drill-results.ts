import type { DrillResult, KeyValueRepository } from '../core/index.js';

/** One key holding the latest result of each drill, so the CLI and the server share them via the store. */
const KEY = 'drills.latest';

/** The latest result of each drill, newest first. Unreadable data reads as none (it is a view, not a record). */
export function readDrillResults(kv: KeyValueRepository): DrillResult[] {
  const raw = kv.get(KEY);
  if (raw === undefined) return [];
  try {
    const byName = JSON.parse(raw) as Record<string, DrillResult>;
    return Object.values(byName).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  } catch {
    return [];
  }
}

/** Keeps `result` as the latest of its drill (the audit ledger of the drill's own sandbox has the detail). */
export function recordDrillResult(kv: KeyValueRepository, result: DrillResult): void {
  const byName = Object.fromEntries(readDrillResults(kv).map((r) => [r.drill, r]));
  byName[result.drill] = result;
  kv.set(KEY, JSON.stringify(byName));
}
