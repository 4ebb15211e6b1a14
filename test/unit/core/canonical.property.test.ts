import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalJson } from '../../../src/core/index.js';

/** The obvious definition, kept as the reference: sort a copy's keys, then JSON.stringify it. */
function reference(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) {
      Object.defineProperty(out, key, {
        value: sort((v as Record<string, unknown>)[key]),
        enumerable: true,
      });
    }
    return out;
  };
  return JSON.stringify(sort(value));
}

describe('canonicalJson', () => {
  it('equals sorted-key JSON for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).to.equal(reference(value));
      }),
    );
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).to.equal(canonicalJson(record));
      }),
    );
  });

  it('gives a value and its JSON round trip the same text (dates, undefined members)', () => {
    const value = { b: new Date('2026-11-26T00:00:00Z'), a: undefined, c: [undefined, 1], f: () => 1 };
    expect(canonicalJson(value)).to.equal(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson(value)).to.equal('{"b":"2026-11-26T00:00:00.000Z","c":[null,1]}');
  });

  it('keeps an own __proto__ member, so tampering under it changes the text', () => {
    const a = JSON.parse('{"__proto__":{"admin":true},"x":1}') as unknown;
    const b = JSON.parse('{"__proto__":{"admin":false},"x":1}') as unknown;
    expect(canonicalJson(a)).to.equal('{"__proto__":{"admin":true},"x":1}');
    expect(canonicalJson(a)).to.not.equal(canonicalJson(b));
  });
});
