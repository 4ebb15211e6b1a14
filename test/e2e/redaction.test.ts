import { expect } from 'chai';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

const HOOK_TOKEN = 'hook-token-8d7f6e5a4b3c';
/** Not configured anywhere: redacted because it has the shape of a Slack token. */
const SLACK_TOKEN = 'xoxb-2222222222-abcdefghijklmnop';

/** Secrets that arrive inside an alert never reach the database, the audit trail or chat. */
describe('e2e: secrets are redacted on every way out', function () {
  let h: Harness;
  after(() => rmSync(h.dir, { recursive: true, force: true }));

  it('keeps configured secrets and token-shaped strings out of storage, audit and messages', async () => {
    h = await startHarness({ env: { WATCHKEEPER_HOOK_TOKEN: HOOK_TOKEN } });
    const payload = alertmanagerPayload('HighErrorRate', 'checkout-api') as any;
    payload.alerts[0].annotations.summary = `errors after deploy; debug token ${HOOK_TOKEN} and ${SLACK_TOKEN}`;
    const unauthorised = await fetch(`${h.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(unauthorised.status).to.equal(401);
    const posted = await fetch(`${h.url}/hooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${HOOK_TOKEN}` },
      body: JSON.stringify(payload),
    });
    expect(posted.status).to.equal(202);
    await h.settle();

    const audit = JSON.stringify((await h.api('GET', '/api/audit?after=0&limit=1000')).body);
    const feed = JSON.stringify((await h.api('GET', '/api/messages')).body);
    const incidents = JSON.stringify((await h.api('GET', '/api/incidents/INC-1')).body);
    expect(incidents, 'the incident still shows what happened').to.include('errors after deploy');
    for (const out of [audit, feed, incidents]) {
      expect(out).to.not.include(HOOK_TOKEN);
      expect(out).to.not.include(SLACK_TOKEN);
    }
    await h.close({ keepDir: true });
    for (const file of readdirSync(h.dir).filter((f) => f.startsWith('watchkeeper.db'))) {
      const bytes = readFileSync(join(h.dir, file)).toString('latin1');
      expect(bytes, file).to.not.include(HOOK_TOKEN);
      expect(bytes, file).to.not.include(SLACK_TOKEN);
    }
  });
});
