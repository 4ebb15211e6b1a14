import { canonicalJson, sha256Hex } from '../../../src/core/index.js';

/** What the Simulate alert button may set. */
export interface SimulatedAlertInput {
  readonly alertname: string;
  readonly service: string;
  readonly severity: string;
}

/**
 * Pure: an Alertmanager webhook v4 payload for one firing alert, exactly as Alertmanager would send
 * it, so the console's Simulate button exercises the real intake path.
 * @see /work/shared/protocols.md §4.1 (alertmanager docs/configuration.md `<webhook_config>`)
 */
export function buildSimulatedAlert(input: SimulatedAlertInput, now: Date): Record<string, unknown> {
  const labels = { alertname: input.alertname, service: input.service, severity: input.severity };
  const annotations = {
    summary: `${input.alertname} on ${input.service}`,
    description: `Simulated from the Watchkeeper console at ${now.toISOString()}.`,
  };
  const groupLabels = { alertname: input.alertname, service: input.service };
  return {
    version: '4',
    groupKey: `{}:{alertname="${input.alertname}", service="${input.service}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'watchkeeper',
    groupLabels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: now.toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=simulated',
        fingerprint: sha256Hex(canonicalJson(labels)).slice(0, 16),
      },
    ],
  };
}
