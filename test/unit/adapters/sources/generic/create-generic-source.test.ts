import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../../../../src/core/index.js';
import { createGenericSource } from '../../../../../adapters/sources/generic/index.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../../fixtures/generic/${name}`, import.meta.url), 'utf8'));

const clock = { now: () => new Date('2026-08-01T12:00:00.000Z') };

describe('createGenericSource', () => {
  const source = createGenericSource({ clock });

  it('accepts one signal object, with defaults', () => {
    const [signal, ...rest] = source.parse(fixture('single.json'));
    expect(rest).to.have.length(0);
    expect(signal).to.deep.include({
      source: 'generic',
      kind: 'alert',
      status: 'firing',
      severity: 'error',
      summary: 'Checkout error rate above 5%',
      startsAt: '2026-08-01T10:04:00.000Z',
    });
    expect(signal!.fingerprint).to.match(/^[0-9a-f]{16}$/);
    expect(signal!.groupKey).to.equal(`generic:${signal!.fingerprint}`);
    expect(signal!.labels).to.deep.equal({ service: 'checkout-api', alertname: 'HighErrorRate' });
  });

  it('accepts a batch; a shared group folds signals into one group key', () => {
    const signals = source.parse(fixture('batch.json'));
    expect(signals).to.have.length(3);
    expect(signals[0]!.groupKey).to.equal('generic:backups');
    expect(signals[1]!.groupKey).to.equal('generic:backups');
    expect(signals[1]!.fingerprint).to.equal('backup-disk-db-1');
    expect(signals[1]!.severity).to.equal('warning');
    expect(signals[1]!.startsAt, 'defaults to the time received').to.equal('2026-08-01T12:00:00.000Z');
    expect(signals[2]).to.deep.include({ kind: 'deploy', status: 'resolved', severity: 'info' });
  });

  it('gives the same title and labels the same fingerprint, so a re-post resolves it', () => {
    const [firing] = source.parse({ title: 'Disk full', labels: { host: 'a', mount: '/' } });
    const [resolved] = source.parse({
      title: 'Disk full',
      labels: { mount: '/', host: 'a' },
      status: 'resolved',
    });
    const [other] = source.parse({ title: 'Disk full', labels: { host: 'b', mount: '/' } });
    expect(resolved!.fingerprint).to.equal(firing!.fingerprint);
    expect(other!.fingerprint).to.not.equal(firing!.fingerprint);
  });

  it('names the bad field, inside a batch too', () => {
    const paths = (body: unknown): string[] => {
      try {
        source.parse(body);
      } catch (err) {
        if (err instanceof ValidationError) return err.issues.map((i) => i.path);
        throw err;
      }
      return [];
    };
    expect(paths({ severity: 'error' })).to.deep.equal(['title']);
    expect(paths({ title: 'x', severity: 'huge' })).to.deep.equal(['severity']);
    expect(paths({ signals: [{ title: 'ok' }, { title: '' }] })).to.deep.equal(['signals.1.title']);
    expect(paths({ signals: [] })).to.deep.equal(['signals']);
    expect(paths([{ title: 'x' }])).to.deep.equal(['(root)']);
  });

  it('never throws anything but ValidationError, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything(),
          fc.record(
            { title: fc.jsonValue(), startsAt: fc.string(), labels: fc.jsonValue() },
            { requiredKeys: [] },
          ),
          fc.record({ signals: fc.array(fc.record({ title: fc.string(), group: fc.jsonValue() })) }),
        ),
        (body) => {
          try {
            source.parse(body);
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
