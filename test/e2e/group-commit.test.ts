import { expect } from 'chai';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

/** `/hooks/*` stores the requests of one event-loop turn in one transaction; each 2xx still means stored. */
describe('hook intake with group commit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('answers every concurrent request with its own stored signals', async () => {
    const services = Array.from({ length: 40 }, (_, i) => `svc-${i}`);
    const replies = await Promise.all(
      services.map((s) => h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighCPU', s))),
    );
    expect(replies.map((r) => r.status)).to.deep.equal(services.map(() => 202));
    const ids = replies.flatMap((r) => r.body.signals as string[]);
    expect(new Set(ids).size).to.equal(40);
    // Stored before the 202: each id reads back with its own service, before any processing settles.
    replies.forEach((r, i) => {
      const signal = h.app.store.inbox.get(r.body.signals[0]);
      expect(signal?.labels['service']).to.equal(services[i]);
    });
    await h.settle();
    expect(h.app.store.inbox.count()).to.equal(40);
  });

  it('answers an invalid request in the same turn with 400 and stores only the valid ones', async () => {
    const [good, bad] = await Promise.all([
      h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighCPU', 'checkout-api')),
      h.api('POST', '/hooks/alertmanager', { version: '4', alerts: [{ labels: 'not-an-object' }] }),
    ]);
    expect(good?.status).to.equal(202);
    expect(bad?.status).to.equal(400);
    await h.settle();
    expect(h.app.store.inbox.count()).to.equal(1);
  });
});
