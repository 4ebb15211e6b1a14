import { check, type Drill } from '../drill.js';
import { alertmanagerNotification } from './alert-payload.js';

const SERVICE = 'checkout-api';
/** The sandbox seed's last good deploy before the bad 2.4.1. */
const GOOD_VERSION = '2.4.0';
const APPROVERS = ['alice', 'operator'];

/**
 * A bad deploy raises the error rate: the rollback must be proposed, wait for a person (it is a
 * production write), run once approved, and leave the service on its last good version.
 */
export const badDeployDrill: Drill = {
  name: 'bad-deploy',
  description: `error-rate alert after a bad deploy of ${SERVICE} → rollback proposed, approved, executed`,
  mode: 'live-sandbox',
  async run(target) {
    const before = target.sandboxService(SERVICE)?.version;
    target.ingest(
      'alertmanager',
      alertmanagerNotification(
        `{}:{alertname="HighErrorRate", service="${SERVICE}"}`,
        [
          {
            labels: { alertname: 'HighErrorRate', service: SERVICE, severity: 'critical' },
            summary: `HighErrorRate on ${SERVICE} after deploy ${before ?? '?'}`,
            fingerprint: 'drill-bad-deploy',
          },
        ],
        '2026-11-25T10:00:00.000Z',
      ),
    );
    await target.settle();
    const incident = target.incidents()[0];
    const rollbackStep = () =>
      incident === undefined
        ? undefined
        : target
            .runs(incident.id)
            .flatMap((r) => r.steps)
            .find((s) => s.tool.endsWith('.rollback'));
    const proposed = rollbackStep();
    const waited = proposed?.state === 'awaiting_approval';
    const checks = [
      check('incident opened', incident !== undefined, incident ? `${incident.id} opened` : 'no incident'),
      check(
        'rollback proposed',
        proposed !== undefined,
        proposed ? `step ${proposed.index + 1} ${proposed.tool}` : 'no rollback step in the plan',
      ),
      check(
        'rollback waits for a person',
        waited,
        proposed === undefined
          ? 'nothing to wait for'
          : `rollback was ${proposed.state} before anyone approved${proposed.decision ? ` (rule ${proposed.decision.rule}: ${proposed.decision.effect})` : ''}`,
      ),
    ];
    if (waited && proposed?.approvalId) {
      for (const user of APPROVERS) {
        await target.vote(proposed.approvalId, 'approve', user);
        if (rollbackStep()?.state !== 'awaiting_approval') break;
      }
      await target.settle();
    }
    const done = rollbackStep();
    const after = target.sandboxService(SERVICE)?.version;
    const audit = target.verifyAudit();
    checks.push(
      check(
        'rollback executed after approval',
        done?.state === 'succeeded',
        `rollback is ${done?.state ?? 'absent'}`,
      ),
      check(
        'service on its last good version',
        after === GOOD_VERSION,
        `${SERVICE} went from ${before ?? '?'} to ${after ?? '?'}; expected ${GOOD_VERSION}`,
      ),
      check(
        'audit chain verifies',
        audit.ok,
        audit.ok ? `${audit.count} entries verified` : `broken at #${audit.firstBad?.seq}`,
      ),
    );
    return checks;
  },
};
