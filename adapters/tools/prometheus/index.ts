/** Prometheus HTTP API tools (read-only PromQL) and the shared operations HTTP call. */
export { createPrometheusTools } from './create-prometheus-tools.js';
export type { PrometheusToolsOptions } from './create-prometheus-tools.js';
export { callOpsApi } from './call-ops-api.js';
export type { OpsApiOptions, OpsApiRequest, OpsApiResponse } from './call-ops-api.js';
