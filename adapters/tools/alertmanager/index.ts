/** Alertmanager v2 silences (create / expire). */
export { createAlertmanagerTools, MAX_SILENCE_MINUTES } from './create-alertmanager-tools.js';
export type { AlertmanagerToolsOptions, AlertmanagerSilenceInput } from './create-alertmanager-tools.js';
