import { check, type Drill } from '../drill.js';
import { alertmanagerNotification } from './alert-payload.js';

const ROOT = 'inventory';
/** What the sandbox service map says depends on inventory, directly or not. */
const CASCADE: readonly { service: string; alertname: string }[] = [
  { service: 'cart', alertname: 'HighErrorRate' },
  { service: 'checkout-api', alertname: 'HighErrorRate' },
  { service: 'frontend', alertname: 'HighLatency' },
];

/**
 * The inventory database goes down; the services that call it alert a moment later, each in its own
 * Alertmanager group (as they would: different alertnames and services). Expected: one incident, on
 * inventory, with the cascaded alerts folded into it and one chat message.
 */
export const dependencyFailureDrill: Drill = {
  name: 'dependency-failure',
  description: 'database down → cascaded alerts fold into one incident on the failing dependency',
  mode: 'shadow',
  async run(target) {
    const at = '2026-11-25T10:00:00.000Z';
    target.ingest(
      'alertmanager',
      alertmanagerNotification(
        `{}:{alertname="PostgresDown", service="${ROOT}"}`,
        [
          {
            labels: { alertname: 'PostgresDown', service: ROOT, component: 'database', severity: 'critical' },
            summary: `PostgreSQL primary of ${ROOT} is unreachable`,
            fingerprint: 'drill-db-down',
          },
        ],
        at,
      ),
    );
    await target.settle();
    for (const c of CASCADE) {
      target.ingest(
        'alertmanager',
        alertmanagerNotification(
          `{}:{alertname="${c.alertname}", service="${c.service}"}`,
          [
            {
              labels: { alertname: c.alertname, service: c.service, severity: 'critical' },
              summary: `${c.alertname} on ${c.service}`,
              fingerprint: `drill-cascade-${c.service}`,
            },
          ],
          at,
        ),
      );
    }
    await target.settle();
    const incidents = target.incidents();
    const root = incidents.find((i) => i.labels['service'] === ROOT);
    const folded = root === undefined ? [] : target.signals(root.id).map((s) => s.labels['service']);
    const missing = CASCADE.map((c) => c.service).filter((s) => !folded.includes(s));
    const messages = incidents.reduce((n, i) => n + target.incidentMessages(i.id), 0);
    return [
      check(
        'one incident',
        incidents.length === 1,
        `${incidents.length} incidents opened (${incidents.map((i) => `${i.id} ${i.labels['service'] ?? '?'}`).join(', ')}); expected 1`,
      ),
      check(
        'on the failing dependency',
        root !== undefined && incidents[0]?.id === root.id,
        root === undefined ? `no incident on ${ROOT}` : `incident ${root.id} is on ${ROOT}`,
      ),
      check(
        'cascaded alerts folded in',
        missing.length === 0,
        missing.length === 0
          ? `alerts of ${CASCADE.map((c) => c.service).join(', ')} are in the ${ROOT} incident`
          : `not folded into the ${ROOT} incident: ${missing.join(', ')}`,
      ),
      check('one chat message', messages === 1, `${messages} incident messages posted; expected 1`),
    ];
  },
};
