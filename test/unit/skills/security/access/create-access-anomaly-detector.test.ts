import { expect } from 'chai';
import type { Signal } from '../../../../../src/core/index.js';
import { createAccessAnomalyDetector, haversineKm } from '../../../../../skills/security/access/index.js';

let now = Date.parse('2026-08-01T12:00:00Z');
const clock = { now: () => new Date(now) };

function auth(labels: Record<string, string>, at: string): Pick<Signal, 'labels' | 'startsAt'> {
  return { labels: { event_category: 'authentication', ...labels }, startsAt: at };
}
const t = (minutes: number): string =>
  new Date(Date.parse('2026-08-01T12:00:00Z') + minutes * 60_000).toISOString();
const kinds = (a: { kind: string }[]): string[] => a.map((x) => x.kind);

describe('createAccessAnomalyDetector', () => {
  it('flags brute force at the fifth failure within the window, then a success right after it', () => {
    const d = createAccessAnomalyDetector({ clock });
    const fail = (m: number) =>
      d.observe(auth({ event_outcome: 'failure', user: 'root', src_ip: '203.0.113.9' }, t(m)));
    expect(kinds([...fail(0), ...fail(1), ...fail(2), ...fail(3)])).to.deep.equal([]);
    const fifth = fail(4);
    expect(kinds(fifth)).to.deep.equal(['brute_force']);
    expect(fifth[0]).to.deep.include({ technique: 'T1110', tactic: 'credential-access', user: 'root' });
    const ok = d.observe(auth({ event_outcome: 'success', user: 'root', src_ip: '203.0.113.9' }, t(5)));
    expect(kinds(ok)).to.deep.equal(['brute_force_success']);
    expect(ok[0]!.severity).to.equal('critical');
  });

  it('does not call failures spread beyond the window brute force', () => {
    const d = createAccessAnomalyDetector({ clock, failureThreshold: 3, failureWindowMs: 60_000 });
    const all = [0, 2, 4, 6, 8].flatMap((m) =>
      d.observe(auth({ event_outcome: 'failure', user: 'ana' }, t(m))),
    );
    expect(all).to.have.length(0);
  });

  it('counts failures per source address across many users (password spraying)', () => {
    const d = createAccessAnomalyDetector({ clock, failureThreshold: 3 });
    const out = ['a', 'b', 'c'].flatMap((u, i) =>
      d.observe(auth({ event_outcome: 'failure', user: u, src_ip: '198.51.100.4' }, t(i))),
    );
    expect(kinds(out)).to.deep.equal(['brute_force']);
  });

  it('flags impossible travel between two successful logins, not a plausible trip', () => {
    const d = createAccessAnomalyDetector({ clock });
    const lisbon = { geo_lat: '38.72', geo_lon: '-9.14', country: 'PT' };
    const tokyo = { geo_lat: '35.68', geo_lon: '139.69', country: 'JP' };
    const madrid = { geo_lat: '40.42', geo_lon: '-3.70', country: 'ES' };
    expect(d.observe(auth({ event_outcome: 'success', user: 'ana', ...lisbon }, t(0)))).to.deep.equal([]);
    const jump = d.observe(auth({ event_outcome: 'success', user: 'ana', ...tokyo }, t(30)));
    expect(kinds(jump)).to.deep.equal(['impossible_travel']);
    expect(jump[0]!.reason).to.match(/km\/h/);
    // Tokyo → Madrid in 20 hours is a flight, not an anomaly.
    expect(
      d.observe(auth({ event_outcome: 'success', user: 'ana', ...madrid }, t(30 + 20 * 60))),
    ).to.deep.equal([]);
  });

  it('flags logins from a blocked country by code or name, and a new admin grant on any event', () => {
    const d = createAccessAnomalyDetector({ clock, blockedCountries: ['KP', 'north korea'] });
    expect(
      kinds(d.observe(auth({ event_outcome: 'success', user: 'x', country: 'kp' }, t(0)))),
    ).to.deep.equal(['blocked_country']);
    expect(
      kinds(d.observe(auth({ event_outcome: 'failure', user: 'y', country: 'North Korea' }, t(1)))),
    ).to.deep.equal(['blocked_country']);
    const grant = d.observe({ labels: { event_action: 'admin_grant', user: 'mallory' }, startsAt: t(2) });
    expect(grant[0]).to.deep.include({ kind: 'admin_grant', technique: 'T1098', user: 'mallory' });
  });

  it('keeps memory bounded: old users are forgotten first', () => {
    const d = createAccessAnomalyDetector({ clock, maxKeys: 50, failureThreshold: 2 });
    for (let i = 0; i < 500; i++) d.observe(auth({ event_outcome: 'failure', user: `u${i}` }, t(0)));
    expect(d.trackedKeys).to.be.at.most(100);
    // u0 was forgotten, so one more failure is its first again, not a burst.
    expect(d.observe(auth({ event_outcome: 'failure', user: 'u0' }, t(1)))).to.deep.equal([]);
    expect(kinds(d.observe(auth({ event_outcome: 'failure', user: 'u499' }, t(1))))).to.deep.equal([
      'brute_force',
    ]);
  });

  it('uses the clock when the event time is unparseable', () => {
    now = Date.parse('2026-08-01T13:00:00Z');
    const d = createAccessAnomalyDetector({ clock, failureThreshold: 2 });
    d.observe({
      labels: { event_category: 'authentication', event_outcome: 'failure', user: 'z' },
      startsAt: 'junk',
    });
    const out = d.observe({
      labels: { event_category: 'authentication', event_outcome: 'failure', user: 'z' },
      startsAt: 'junk',
    });
    expect(kinds(out)).to.deep.equal(['brute_force']);
  });

  it('measures great-circle distance', () => {
    expect(Math.round(haversineKm({ lat: 38.72, lon: -9.14 }, { lat: 40.42, lon: -3.7 }))).to.be.within(
      495,
      510,
    );
  });
});
