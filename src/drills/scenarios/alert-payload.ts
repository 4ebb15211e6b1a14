/** One alert of a drill's Alertmanager notification. */
export interface DrillAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly fingerprint: string;
}

/**
 * An Alertmanager webhook v4 notification, as Alertmanager sends it: one group (its `groupKey`) with
 * any number of alerts. @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
export function alertmanagerNotification(
  groupKey: string,
  alerts: readonly DrillAlert[],
  startsAt: string,
): unknown {
  const first = alerts[0];
  return {
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'watchkeeper-drill',
    groupLabels: first === undefined ? {} : { alertname: first.labels['alertname'] ?? 'drill' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.drill.invalid',
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: a.labels,
      annotations: { summary: a.summary },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.drill.invalid/graph',
      fingerprint: a.fingerprint,
    })),
  };
}
