import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FakeJira } from '../fakes/jira/fake-jira.js';
import { startHarness, type Harness } from './harness.js';
import { command, pendingSteps } from './support-helpers.js';

const SECRET = 'jira-hook-secret';
const fixture = readFileSync('test/fixtures/jira/issue-created.json', 'utf8');

async function deliver(h: Harness, raw: string, how: 'signed' | 'token' | 'forged'): Promise<number> {
  const sig = createHmac('sha256', how === 'forged' ? 'nope' : SECRET)
    .update(raw)
    .digest('hex');
  const res = await fetch(`${h.url}/hooks/jira${how === 'token' ? `?token=${SECRET}` : ''}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(how === 'token' ? {} : { 'x-hub-signature': `sha256=${sig}` }),
    },
    body: raw,
  });
  await h.settle();
  return res.status;
}

describe('e2e: support with Jira (verified webhooks in, REST writes out)', function () {
  this.timeout(30_000);
  let h: Harness;
  let jira: FakeJira;
  beforeEach(async () => {
    jira = await new FakeJira('bot@example.com', 'jira-api-token').start();
    jira.addIssue('SUP-7');
    h = await startHarness({
      env: {
        JIRA_WEBHOOK_SECRET: SECRET,
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: 'bot@example.com',
        JIRA_API_TOKEN: 'jira-api-token',
      },
    });
  });
  afterEach(async () => {
    await h?.close();
    await jira.stop();
  });

  it('stores verified issues, refuses forged ones, and closes through a Jira transition after approval', async () => {
    expect(await deliver(h, fixture, 'forged')).to.equal(401);
    expect((await h.api('GET', '/api/tickets')).body.tickets).to.deep.equal([]);
    expect(await deliver(h, fixture, 'signed')).to.equal(202);
    expect(await deliver(h, fixture.replace('jira:issue_created', 'jira:issue_updated'), 'token')).to.equal(
      202,
    );
    const tickets = (await h.api('GET', '/api/tickets')).body.tickets;
    expect(tickets, 'the update changed the same ticket').to.have.length(1);
    const t = tickets[0];
    expect(t).to.include({
      source: 'jira',
      externalId: 'SUP-7',
      priority: 'urgent',
      service: 'checkout-api',
    });
    // Urgent: escalated on its own, as an internal Service Management comment.
    expect(jira.issues.get('SUP-7')!.comments[0]!.properties).to.deep.equal([
      { key: 'sd.public.comment', value: { internal: true } },
    ]);

    await command(h, `support resolve ${t.id} Rolled checkout-api back to 2.4.0`);
    expect(jira.issues.get('SUP-7')!.status, 'nothing before the approval').to.equal('Open');
    const close = (await pendingSteps(h)).find((p) => p.step.tool === 'ticketing.close')!;
    expect(close.step.preview).to.include('"Done"');
    await command(h, `approve ${close.approval.id}`);
    expect(jira.issues.get('SUP-7')!.status).to.equal('Done');
    expect(jira.issues.get('SUP-7')!.comments.at(-1)).to.deep.equal({
      body: 'Rolled checkout-api back to 2.4.0',
    });
    expect((await h.api('GET', `/api/tickets/${t.id}`)).body.ticket.status).to.equal('closed');
  });
});
