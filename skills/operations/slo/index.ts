/** SLOs: declared in config, burn rate and remaining error budget from alerts or Prometheus. */
export { parseSlos, burnRate, budgetRemaining, sloText, PAGE_BURN_RATE, TICKET_BURN_RATE } from './slo.js';
export type { Slo, SloMeasurement } from './slo.js';
export { createSloTool, measureSlo, measureFromSignals } from './slo-tool.js';
export type { ErrorRatioQuery, SloToolOptions } from './slo-tool.js';
export { SloWatcher } from './slo-watcher.js';
export type { SloWatcherOptions } from './slo-watcher.js';
