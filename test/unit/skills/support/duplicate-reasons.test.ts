import { expect } from 'chai';
import { duplicateReasons, errorStrings } from '../../../../skills/support/index.js';

describe('duplicate reasons', () => {
  it('names the same error string even when numbers, ids and tails differ', () => {
    const a = {
      title: 'Upload fails',
      body: 'java.io.IOException: Connection reset by peer after 3012 ms (node 0x7f3a)',
    };
    const b = {
      title: 'Uploads broken',
      body: 'Seeing IOException: Connection reset by peer after 2990 ms (node 0x9c1e) since upgrade',
    };
    expect(duplicateReasons(a, b).join('; ')).to.match(
      /same error string "ioexception: connection reset by peer after # ms/,
    );
  });

  it('names the same service and symptom, and a shared version', () => {
    const a = { title: 'Checkout payment slow', body: 'since 2.4.1', service: 'checkout-api' };
    const b = {
      title: 'Slow payment on checkout page',
      body: 'after v2.4.1 rollout',
      service: 'checkout-api',
    };
    const reasons = duplicateReasons(a, b);
    expect(reasons[0]).to.match(/^same service checkout-api and symptom \((checkout|payment|slow)/);
    expect(reasons).to.include('same version 2.4.1');
  });

  it('says nothing specific when nothing specific is shared', () => {
    expect(
      duplicateReasons({ title: 'Printer jam', body: '' }, { title: 'Password reset', body: '' }),
    ).to.deep.equal([]);
    expect(errorStrings('all good here')).to.deep.equal([]);
  });
});
