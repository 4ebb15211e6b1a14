/** Grafana unified alerting webhook source (`POST /hooks/grafana`). */
export { createGrafanaSource, GRAFANA_SOURCE_ID } from './create-grafana-source.js';
export { grafanaWebhookSchema, grafanaAlertSchema } from './grafana-schema.js';
export type { GrafanaAlert, GrafanaWebhook } from './grafana-schema.js';
