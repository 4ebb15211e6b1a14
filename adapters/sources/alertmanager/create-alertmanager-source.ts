import { canonicalJson, sha256Hex, validate } from '../../../src/core/index.js';
import type { SignalDraft, SignalSource } from '../../../src/core/index.js';
import { alertmanagerWebhookSchema } from './alertmanager-schema.js';
import type { AlertmanagerAlert, AlertmanagerWebhook } from './alertmanager-schema.js';
import { alertmanagerSeverity } from './alertmanager-severity.js';

/** The source id, and the path segment of `POST /hooks/alertmanager`. */
export const ALERTMANAGER_SOURCE_ID = 'alertmanager';

/**
 * Parses an Alertmanager webhook (version "4") into one signal draft per alert. Alerts of one
 * notification share a group key (`alertmanager:` + the payload's `groupKey`), so they fold into one
 * incident. Invalid payloads throw a ValidationError naming each bad field (`alerts.0.labels: …`).
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
export function createAlertmanagerSource(): SignalSource {
  return {
    id: ALERTMANAGER_SOURCE_ID,
    parse: (body) => {
      const payload = validate(alertmanagerWebhookSchema, body, 'Alertmanager webhook');
      return payload.alerts.map((alert) => toDraft(payload, alert));
    },
  };
}

function toDraft(payload: AlertmanagerWebhook, alert: AlertmanagerAlert): SignalDraft {
  const labels = alert.labels;
  const annotations = alert.annotations ?? {};
  const alertname = labels['alertname'];
  const fingerprint = alert.fingerprint ?? sha256Hex(canonicalJson(labels)).slice(0, 16);
  const group = payload.groupKey ?? alertname ?? fingerprint;
  return {
    source: ALERTMANAGER_SOURCE_ID,
    kind: 'alert',
    status: alert.status,
    severity: alertmanagerSeverity(labels['severity']),
    fingerprint,
    groupKey: `alertmanager:${group}`,
    labels,
    annotations,
    summary: annotations['summary'] ?? annotations['description'] ?? alertname ?? 'Alertmanager alert',
    startsAt: normaliseTime(alert.startsAt),
    raw: {
      ...alert,
      ...(payload.groupKey === undefined ? {} : { groupKey: payload.groupKey }),
      ...(payload.receiver === undefined ? {} : { receiver: payload.receiver }),
      ...(payload.externalURL === undefined ? {} : { externalURL: payload.externalURL }),
    },
  };
}

/** RFC 3339 with any offset or precision → ISO UTC, so stored times compare as strings. */
function normaliseTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
