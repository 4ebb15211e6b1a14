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
});
