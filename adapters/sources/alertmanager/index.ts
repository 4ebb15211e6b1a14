/** Prometheus Alertmanager webhook source (`POST /hooks/alertmanager`). */
export { createAlertmanagerSource, ALERTMANAGER_SOURCE_ID } from './create-alertmanager-source.js';
export { alertmanagerSeverity } from './alertmanager-severity.js';
export { alertmanagerWebhookSchema, alertmanagerAlertSchema } from './alertmanager-schema.js';
export type { AlertmanagerAlert, AlertmanagerWebhook } from './alertmanager-schema.js';
