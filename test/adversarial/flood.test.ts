import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertmanagerPayload, startHarness, type Harness } from '../e2e/harness.js';
import { facts, say } from './support.js';

const ENV = {
  WATCHKEEPER_FLOOD_BURST: '5',
  WATCHKEEPER_FLOOD_PER_MINUTE: '6',
  WATCHKEEPER_CHANNEL_FLOOD_PER_MINUTE: '6',
};

/** Flood control: persisted token buckets per principal and per channel; alert floods fold into incidents. */
describe('adversarial: floods', function () {
  this.timeout(30_000);
  let dir: string;
  let h: Harness | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wk-adv-flood-'))));
  afterEach(async () => {
    await h?.close();
    h = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a command flood from one user is throttled with a clear message, others are not, and a restart does not reset it', async () => {
    h = await startHarness({ dir, env: ENV });
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await say(h, '!wk whoami', 'mallory'));
    expect(results.slice(0, 5).map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    const refused = results.slice(5);
    expect(refused.map((r) => r.status)).to.deep.equal([429, 429, 429]);
    expect(refused[0]?.text).to.match(
      /^slow down: you are sending commands faster than 6 per minute \(bursts of 5\); try again in \d+s\. Nothing was run\.$/,
    );
    expect((await say(h, '!wk whoami', 'alice')).status).to.equal(200);
    await h.close();
    h = await startHarness({ dir, env: ENV });
    expect((await say(h, '!wk whoami', 'mallory')).status, 'the bucket survived the restart').to.equal(429);
  });

  it('a channel flooded by many users is throttled as a channel', async () => {
    h = await startHarness({ dir, env: ENV });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await say(h, '!wk whoami', `user${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).to.equal(true);
    const last = await say(h, '!wk whoami', 'newcomer');
    expect(last.status).to.equal(429);
    expect(last.text).to.match(/this channel is sending commands faster/);
  });

  it('an alert flood folds into one incident and never becomes a chat flood', async () => {
    h = await startHarness({ dir });
    const before = (await h.api('GET', '/api/messages')).body.messages.length;
    await Promise.all(
      Array.from({ length: 200 }, () =>
        h!.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api')),
      ),
    );
    await h.settle();
    const incidents = (await h.api('GET', '/api/incidents')).body.incidents as any[];
    expect(incidents).to.have.length(1);
    const after = (await h.api('GET', '/api/messages')).body.messages.length;
    expect(after - before, 'chat messages for 200 alerts').to.be.at.most(6);
    expect(facts(h.app.config.dbPath).inbox).to.equal(200);
  });
});
