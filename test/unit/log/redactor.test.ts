import { expect } from 'chai';
import { Redactor, REDACTED } from '../../../src/log/index.js';

describe('redaction', () => {
  it('removes configured secret values and token-shaped strings from text and nested values', () => {
    const r = new Redactor(['hunter2-super-secret']);
    expect(r.text('password is hunter2-super-secret!')).to.equal(`password is ${REDACTED}!`);
    expect(r.text('token xoxb-1234567890-abcdefghij here')).to.equal(`token ${REDACTED} here`);
    expect(r.text('Authorization: Bearer abcdefghijklmnopqrstuvwxyz')).to.not.include('abcdefghijklmnop');
    const v = r.value({ a: ['sk-abcdefghijklmnopqrstuvwx'], b: { c: 'hunter2-super-secret' }, n: 3 });
    expect(JSON.stringify(v)).to.not.match(/sk-abc|hunter2/);
    expect(v.n).to.equal(3);
  });

  it('ignores very short configured values so ordinary words survive', () => {
    expect(new Redactor(['abc']).text('abc def')).to.equal('abc def');
  });

  it('keeps an own __proto__ member of a payload as a member, redacted like any other', () => {
    const payload = JSON.parse('{"__proto__":{"token":"xoxb-1234567890-abcdefghij"},"x":1}') as object;
    const copy = new Redactor([]).value(payload);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect(Object.keys(copy)).to.deep.equal(['__proto__', 'x']);
    expect(JSON.stringify(copy)).to.equal(`{"__proto__":{"token":"${REDACTED}"},"x":1}`);
  });

  it('copies only what it redacts and never changes the input', () => {
    const r = new Redactor(['hunter2-secret']);
    const clean = { labels: { service: 'checkout-api' }, list: ['a', 'b'] };
    expect(r.value(clean)).to.equal(clean);
    const dirty = { labels: { service: 'checkout-api', pw: 'hunter2-secret' }, list: ['a', 'b'] };
    const out = r.value(dirty);
    expect(out.labels.pw).to.equal(REDACTED);
    expect(dirty.labels.pw).to.equal('hunter2-secret');
    expect(out.list).to.equal(dirty.list);
  });

  it('finds every kind of token even though most strings are checked with one combined pattern', () => {
    const r = new Redactor([]);
    for (const token of [
      'xoxp-1234567890-abcdef',
      'ghp_abcdefghijklmnopqrstuvwxyz12',
      'syt_abcdefghijklmnop',
      'sk-abcdefghijklmnopqrstuv',
    ]) {
      expect(r.text(`see ${token} here`)).to.equal(`see ${REDACTED} here`);
    }
    expect(r.text('HighErrorRate on checkout-api')).to.equal('HighErrorRate on checkout-api');
  });
});
