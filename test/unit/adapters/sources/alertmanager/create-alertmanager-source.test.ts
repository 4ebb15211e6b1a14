import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../../../../src/core/index.js';
import {
  alertmanagerSeverity,
  createAlertmanagerSource,
} from '../../../../../adapters/sources/alertmanager/index.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../../fixtures/alertmanager/${name}`, import.meta.url), 'utf8'));

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('createAlertmanagerSource', () => {
  const source = createAlertmanagerSource();

  it('turns the constructed v4 sample into one alert signal', () => {
    const [signal, ...rest] = source.parse(fixture('constructed-highcpu.json'));
    expect(rest).to.have.length(0);
    expect(signal).to.deep.include({
      source: 'alertmanager',
      kind: 'alert',
      status: 'firing',
      severity: 'critical',
      fingerprint: 'c6eadffa33fcdf37',
      groupKey: 'alertmanager:{}:{alertname="HighCPU"}',
      summary: 'CPU > 90% for 5m',
      startsAt: '2026-08-01T10:00:00.000Z',
    });
    expect(signal!.labels).to.deep.equal({
      alertname: 'HighCPU',
      severity: 'critical',
      job: 'node',
      instance: 'web-1:9100',
    });
    expect(signal!.raw).to.deep.include({
      receiver: 'chatops',
      externalURL: 'http://alertmanager.example:9093',
    });
  });

  it('keeps the fingerprint and group of a resolved notification so it matches the firing one', () => {
    const [firing] = source.parse(fixture('constructed-highcpu.json'));
    const [resolved] = source.parse(fixture('resolved-highcpu.json'));
    expect(resolved!.status).to.equal('resolved');
    expect(resolved!.fingerprint).to.equal(firing!.fingerprint);
    expect(resolved!.groupKey).to.equal(firing!.groupKey);
  });

  it('gives every alert of a group one group key, tolerating new fields and any RFC 3339 time', () => {
    const signals = source.parse(fixture('high-error-rate-checkout.json'));
    expect(signals).to.have.length(3);
    expect(new Set(signals.map((s) => s.groupKey)).size).to.equal(1);
    expect(new Set(signals.map((s) => s.fingerprint)).size).to.equal(3);
    expect(
      signals.every((s) => s.labels['service'] === 'checkout-api' && s.severity === 'critical'),
    ).to.equal(true);
    expect(signals.map((s) => s.summary)).to.deep.equal([
      'checkout-api 5xx rate 7.9% (SLO 0.5%)',
      'checkout-api pod 2 returns 500 on POST /checkout',
      'HighErrorRate',
    ]);
    expect(signals.map((s) => s.startsAt)).to.deep.equal([
      '2026-08-01T10:04:30.123Z',
      '2026-08-01T10:05:00.000Z',
      '2026-08-01T10:05:10.000Z',
    ]);
    expect(signals[2]!.fingerprint).to.match(/^[0-9a-f]{16}$/);
  });

  it('derives a stable fingerprint from the labels, whatever their order', () => {
    const body = (labels: Record<string, string>) => ({
      version: '4',
      status: 'firing',
      alerts: [{ status: 'firing', labels, startsAt: '2026-08-01T10:00:00Z' }],
    });
    const [a] = source.parse(body({ alertname: 'X', service: 'cart' }));
    const [b] = source.parse(body({ service: 'cart', alertname: 'X' }));
    const [c] = source.parse(body({ service: 'auth', alertname: 'X' }));
    expect(a!.fingerprint).to.equal(b!.fingerprint);
    expect(a!.fingerprint).to.not.equal(c!.fingerprint);
    expect(a!.groupKey, 'the alertname groups when groupKey is absent').to.equal('alertmanager:X');
  });

  it('maps severity labels', () => {
    const cases: [string | undefined, string][] = [
      ['critical', 'critical'],
      ['PAGE', 'critical'],
      ['error', 'error'],
      ['high', 'error'],
      ['major', 'error'],
      ['warning', 'warning'],
      ['warn', 'warning'],
      ['minor', 'warning'],
      ['info', 'info'],
      ['none', 'info'],
      ['low', 'info'],
      ['weird', 'warning'],
      [undefined, 'warning'],
      ['constructor', 'warning'],
    ];
    for (const [label, expected] of cases)
      expect(alertmanagerSeverity(label), String(label)).to.equal(expected);
  });

  it('names the bad fields of an invalid payload', () => {
    const body = fixture('high-error-rate-checkout.json');
    (body['alerts'] as Record<string, unknown>[])[0]!['labels'] = { service: 42 };
    delete (body['alerts'] as Record<string, unknown>[])[1]!['startsAt'];
    const err = validationError(() => source.parse(body));
    expect(err.code).to.equal('VALIDATION_FAILED');
    const paths = err.issues.map((i) => i.path);
    expect(paths).to.include('alerts.0.labels.service');
    expect(paths).to.include('alerts.1.startsAt');
    expect(validationError(() => source.parse({ ...body, version: '3' })).issues[0]!.path).to.equal(
      'version',
    );
    expect(validationError(() => source.parse('nope')).issues[0]!.path).to.equal('(root)');
  });

  it('never throws anything but ValidationError, whatever the input', () => {
    const almost = fc.record({
      version: fc.oneof(fc.constant('4'), fc.jsonValue()),
      status: fc.oneof(fc.constantFrom('firing', 'resolved'), fc.jsonValue()),
      groupKey: fc.oneof(fc.string(), fc.jsonValue()),
      alerts: fc.array(
        fc.record(
          {
            status: fc.oneof(fc.constantFrom('firing', 'resolved'), fc.jsonValue()),
            labels: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
            annotations: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
            startsAt: fc.oneof(
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
              fc.string(),
            ),
            fingerprint: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), almost), (body) => {
        try {
          for (const s of source.parse(body)) expect(s.fingerprint).to.match(/^.+$/s);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
        }
      }),
      { numRuns: 500 },
    );
  });
});
