import { canonicalJson, sha256Hex, validate } from '../../../src/core/index.js';
import type { Severity, SignalDraft, SignalSource } from '../../../src/core/index.js';
import { grafanaWebhookSchema } from './grafana-schema.js';
import type { GrafanaAlert, GrafanaWebhook } from './grafana-schema.js';

/** The source id, and the path segment of `POST /hooks/grafana`. */
export const GRAFANA_SOURCE_ID = 'grafana';

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  page: 'critical',
  error: 'error',
  high: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  low: 'info',
};

/**
 * Parses a Grafana unified alerting webhook into one signal draft per alert. Alerts of one notification
 * share a group key (`grafana:<orgId>:` + the payload's `groupKey`), so they fold into one incident, and a
 * `resolved` alert resolves it exactly as Alertmanager's do. Grafana's `values`, dashboard and silence
 * links are kept as annotations for people.
 */
export function createGrafanaSource(): SignalSource {
  return {
    id: GRAFANA_SOURCE_ID,
    parse: (body) => {
      const payload = validate(grafanaWebhookSchema, body, 'Grafana webhook');
      return payload.alerts.map((alert) => toDraft(payload, alert));
    },
  };
}

function toDraft(payload: GrafanaWebhook, alert: GrafanaAlert): SignalDraft {
  const labels = alert.labels;
  const alertname = labels['alertname'];
  const fingerprint = alert.fingerprint ?? sha256Hex(canonicalJson(labels)).slice(0, 16);
  const group = payload.groupKey ?? alertname ?? fingerprint;
  const annotations: Record<string, string> = { ...(alert.annotations ?? {}) };
  for (const key of ['dashboardURL', 'silenceURL', 'panelURL', 'generatorURL'] as const) {
    const v = alert[key];
    if (typeof v === 'string' && v !== '') annotations[key] = v;
  }
  if (alert.values !== undefined && alert.values !== null && Object.keys(alert.values).length > 0) {
    annotations['values'] = Object.entries(alert.values)
      .map(([k, v]) => `${k}=${v === null ? 'null' : v}`)
      .join(' ');
  }
  return {
    source: GRAFANA_SOURCE_ID,
    kind: 'alert',
    status: alert.status,
    severity: severityOf(labels['severity']),
    fingerprint: `grafana:${fingerprint}`,
    groupKey: `grafana:${payload.orgId ?? 0}:${group}`,
    labels,
    annotations,
    summary: annotations['summary'] ?? annotations['description'] ?? alertname ?? 'Grafana alert',
    startsAt: new Date(Date.parse(alert.startsAt)).toISOString(),
    raw: {
      ...alert,
      ...(payload.groupKey === undefined ? {} : { groupKey: payload.groupKey }),
      ...(payload.receiver === undefined ? {} : { receiver: payload.receiver }),
      ...(payload.orgId === undefined ? {} : { orgId: payload.orgId }),
    },
  };
}

/** Grafana has no severity of its own: the conventional `severity` label, else `warning`. */
function severityOf(label: string | undefined): Severity {
  const key = (label ?? '').trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(SEVERITY_WORDS, key)
    ? (SEVERITY_WORDS[key] ?? 'warning')
    : 'warning';
}
