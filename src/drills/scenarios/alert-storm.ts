import { check, type Drill } from '../drill.js';
import { alertmanagerNotification } from './alert-payload.js';

const GROUPS = 20;
const ALERTS_PER_GROUP = 500;
/**
 * One service per group, none of them in the service map: the storm tests folding and pacing alone.
 * Alerts of services whose dependency already has an incident fold into it (the dependency-failure
 * drill covers that), which would merge groups here and blur what this drill counts.
 */
const serviceOf = (group: number): string => `storm-svc-${group}`;

/**
 * 10,000 alerts in 20 Alertmanager groups: each group must become one incident with one chat message
 * (later alerts update it) and one planning request, however many alerts it carries.
 */
export const alertStormDrill: Drill = {
  name: 'alert-storm',
  description: `${GROUPS * ALERTS_PER_GROUP} alerts across ${GROUPS} groups → one message and one plan per group`,
  mode: 'shadow',
  async run(target) {
    for (let g = 0; g < GROUPS; g++) {
      const service = serviceOf(g);
      const alertname = g % 2 === 0 ? 'HighErrorRate' : 'HighLatency';
      const alerts = Array.from({ length: ALERTS_PER_GROUP }, (_, i) => ({
        labels: { alertname, service, severity: 'warning', pod: `${service}-${g}-${i}` },
        summary: `${alertname} on ${service} (storm group ${g})`,
        fingerprint: `storm-${g}-${i}`,
      }));
      target.ingest(
        'alertmanager',
        alertmanagerNotification(`{}:{storm="${g}"}`, alerts, '2026-11-25T10:00:00.000Z'),
      );
    }
    await target.settle();
    const incidents = target.incidents();
    const signals = incidents.reduce((n, i) => n + i.signalCount, 0);
    const messages = incidents.map((i) => target.incidentMessages(i.id));
    const plans = incidents.map((i) => target.audit(i.id).filter((e) => e.kind === 'plan').length);
    const ran = incidents.flatMap((i) =>
      target
        .runs(i.id)
        .flatMap((r) => r.steps.filter((s) => s.state === 'succeeded' || s.state === 'running')),
    );
    return [
      check(
        'every alert stored',
        signals === GROUPS * ALERTS_PER_GROUP,
        `${signals} of ${GROUPS * ALERTS_PER_GROUP} alerts folded into incidents`,
      ),
      check(
        'one incident per group',
        incidents.length === GROUPS,
        `${incidents.length} incidents for ${GROUPS} groups`,
      ),
      check(
        'one chat message per group',
        messages.length === GROUPS && messages.every((m) => m === 1),
        `messages per incident: ${summariseCounts(messages)}`,
      ),
      check(
        'planner called once per group',
        plans.length === GROUPS && plans.every((p) => p === 1),
        `plans per incident: ${summariseCounts(plans)}`,
      ),
      check(
        'shadow: nothing executed',
        ran.length === 0,
        `${ran.length} steps ran (expected none in shadow)`,
      ),
    ];
  },
};

/** `1×20` or `1×18, 2×2`: how many incidents had each count. */
export function summariseCounts(counts: readonly number[]): string {
  const by = new Map<number, number>();
  for (const c of counts) by.set(c, (by.get(c) ?? 0) + 1);
  if (by.size === 0) return 'none';
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([value, n]) => `${value}×${n}`)
    .join(', ');
}
