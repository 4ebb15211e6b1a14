import { expect } from 'chai';
import type { Signal } from '../../../../src/core/index.js';
import { createOperationsTriage } from '../../../../skills/operations/index.js';
import { opsFixture, StepClock } from './ops-fixture.js';

const signal = (over: Partial<Signal>): Signal => ({
  id: 's',
  source: 'alertmanager',
  kind: 'alert',
  status: 'firing',
  severity: 'critical',
  fingerprint: 'f',
  groupKey: 'alertmanager:g1',
  labels: { alertname: 'HighLatency', service: 'cart' },
  annotations: {},
  summary: 'x',
  startsAt: '2026-11-25T10:00:00.000Z',
  receivedAt: '2026-11-25T10:00:00.000Z',
  raw: {},
  ...over,
});

describe('operations triage', () => {
  it('records clean deploys without paging and pages failed ones', () => {
    const triage = createOperationsTriage({ clock: new StepClock(0) });
    const deploy = (status: string) =>
      signal({ kind: 'deploy', labels: { service: 'cart', status, version: '1.9.0' } });
    expect(triage(deploy('success'))).to.deep.include({ openIncident: false, severity: 'info' });
    expect(triage(deploy('failure'))).to.deep.include({
      openIncident: true,
      severity: 'error',
      verdict: 'true_positive',
    });
    expect(triage(deploy('timed_out'))!.reasons[0]).to.equal('deploy 1.9.0 of cart ended timed_out');
  });

  it('keeps silenced alerts quiet and names the silence', () => {
    const triage = createOperationsTriage({
      clock: new StepClock(0),
      silencedBy: (s) => (s.labels['service'] === 'cart' ? 'S-1234' : undefined),
    });
    expect(triage(signal({}))).to.deep.include({ openIncident: false, reasons: ['silenced by S-1234'] });
    expect(triage(signal({ labels: { alertname: 'HighLatency', service: 'auth' } }))).to.equal(undefined);
  });

  it('does not page a group again within the flap window after it resolved', () => {
    const { map } = opsFixture();
    const clock = new StepClock(Date.parse('2026-11-25T10:05:00Z'));
    const triage = createOperationsTriage({ clock, map, flapWindowMs: 10 * 60_000 });
    expect(triage(signal({}))).to.equal(undefined);
    map.changes.recordResolved('alertmanager:g1', '2026-11-25T10:04:00.000Z');
    const flap = triage(signal({}))!;
    expect(flap.openIncident).to.equal(false);
    expect(flap.reasons[0]).to.match(
      /^flapping: this alert group resolved at 2026-11-25T10:04:00.000Z, 60 s ago/,
    );
    expect(triage(signal({ groupKey: 'alertmanager:other' })), 'other groups page').to.equal(undefined);
    clock.advance(10 * 60_000);
    expect(triage(signal({})), 'after the window it pages again').to.equal(undefined);
  });
});
