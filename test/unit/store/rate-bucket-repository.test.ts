import { expect } from 'chai';
import { systemClock } from '../../../src/core/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

/** A command takes a token from its sender's bucket and its channel's, in one commit, in that order. */
describe('rate buckets: takeEach', () => {
  const store = openSqliteStore({ path: ':memory:', clock: systemClock, logger: silentLogger });
  after(() => store.close());
  const buckets = [
    { key: 'principal:u1', capacity: 2, refillPerSecond: 0 },
    { key: 'channel:c1', capacity: 3, refillPerSecond: 0 },
  ];

  it('takes from every bucket until one is empty, and says which refused', () => {
    expect(store.rateBuckets.takeEach(buckets, 0)).to.equal(-1);
    expect(store.rateBuckets.takeEach(buckets, 0)).to.equal(-1);
    // u1 is out; the channel keeps its last token because the sender was refused first
    expect(store.rateBuckets.takeEach(buckets, 0)).to.equal(0);
    expect(store.rateBuckets.take('channel:c1', 3, 0, 0)).to.equal(0);
    expect(store.rateBuckets.takeEach([{ ...buckets[1]!, key: 'channel:c1' }], 0)).to.equal(0);
  });

  it('refills with time', () => {
    const slow = [{ key: 'principal:u2', capacity: 1, refillPerSecond: 1 }];
    expect(store.rateBuckets.takeEach(slow, 0)).to.equal(-1);
    expect(store.rateBuckets.takeEach(slow, 500)).to.equal(0);
    expect(store.rateBuckets.takeEach(slow, 2_000)).to.equal(-1);
  });
});
