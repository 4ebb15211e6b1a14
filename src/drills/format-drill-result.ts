import type { DrillResult } from '../core/index.js';

const MODE_TEXT: Readonly<Record<string, string>> = {
  shadow: 'shadow mode (plans recorded, nothing executed)',
  'live-sandbox': 'live-sandbox mode (steps run against the simulated sandbox fleet only)',
};

/** A drill verdict as lines for the CLI and chat; it always says that no real system was touched. */
export function formatDrillResult(r: DrillResult): string[] {
  return [
    `drill ${r.drill}: ${r.passed ? 'PASS' : 'FAIL'} (${(r.durationMs / 1000).toFixed(1)} s)`,
    `sandbox only, ${MODE_TEXT[r.mode] ?? r.mode}, throwaway data dir: no real system was touched`,
    ...(r.error === undefined ? [] : [`✘ could not run: ${r.error}`]),
    ...r.checks.map((c) => `${c.passed ? '✔' : '✘'} ${c.name}: ${c.detail}`),
  ];
}
