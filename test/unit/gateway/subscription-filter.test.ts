import { expect } from 'chai';
import { parseSubscriptionFilter } from '../../../src/gateway/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';

describe('subscription filters', () => {
  const checkout = { severity: 'error' as const, labels: { service: 'checkout-api', team: 'payments' } };
  const web = { severity: 'warning' as const, labels: { service: 'frontend', team: 'web' } };

  it('matches severity thresholds and label globs, ANDed', () => {
    const f = parseSubscriptionFilter('severity>=error service=checkout*');
    expect(f(checkout)).to.equal(true);
    expect(f(web)).to.equal(false);
    expect(parseSubscriptionFilter('severity>=warning')(web)).to.equal(true);
    expect(parseSubscriptionFilter('severity<=warning')(checkout)).to.equal(false);
    expect(parseSubscriptionFilter('team!=web')(web)).to.equal(false);
    expect(parseSubscriptionFilter('service=frontend|cart')(web)).to.equal(true);
  });

  it('an empty filter matches everything', () => {
    expect(parseSubscriptionFilter('')(web)).to.equal(true);
    expect(parseSubscriptionFilter('all')(checkout)).to.equal(true);
  });

  it('a label the subject lacks does not match =, and does match !=', () => {
    expect(parseSubscriptionFilter('env=prod')(web)).to.equal(false);
    expect(parseSubscriptionFilter('env!=prod')(web)).to.equal(true);
  });

  it('refuses malformed clauses with a clear error', () => {
    for (const bad of ['severity>=loud', 'service', 'service>=x', '=x']) {
      expect(() => parseSubscriptionFilter(bad)).to.throw(WatchkeeperError);
    }
  });

  it('treats regex metacharacters in values literally', () => {
    expect(parseSubscriptionFilter('service=a.c')({ severity: 'info', labels: { service: 'abc' } })).to.equal(
      false,
    );
  });
});
