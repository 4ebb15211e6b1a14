import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { FakeGitHubIssues } from '../fakes/github-issues/fake-github-issues.js';
import { startHarness, type Harness } from './harness.js';
import { command, pendingSteps, stepsOf } from './support-helpers.js';

const SECRET = 'gh-webhook-secret';

function issueEvent(number: number, title: string, body: string, labels: string[] = []): unknown {
  return {
    action: 'opened',
    issue: {
      number,
      title,
      body,
      html_url: `https://github.com/acme/web/issues/${number}`,
      state: 'open',
      user: { login: `user${number}` },
      labels: labels.map((name) => ({ name })),
      created_at: '2026-11-26T09:00:00Z',
    },
    repository: { full_name: 'acme/web', html_url: 'https://github.com/acme/web' },
    sender: { login: `user${number}` },
  };
}

async function deliver(h: Harness, payload: unknown, secret = SECRET): Promise<number> {
  const raw = JSON.stringify(payload);
  const res = await fetch(`${h.url}/hooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': String(Math.random()),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
    },
    body: raw,
  });
  await h.settle();
  return res.status;
}

describe('e2e: support with GitHub Issues (verified webhooks in, REST writes out)', function () {
  this.timeout(30_000);
  let h: Harness;
  let gh: FakeGitHubIssues;
  beforeEach(async () => {
    gh = await new FakeGitHubIssues('ghp_e2e').start();
    gh.addIssue('acme/web#12');
    gh.addIssue('acme/web#40');
    h = await startHarness({
      env: { GITHUB_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: 'ghp_e2e', GITHUB_API_URL: gh.url },
    });
  });
  afterEach(async () => {
    await h?.close();
    await gh.stop();
  });

  it('records verified issues as tickets, refuses forged ones, and writes the confirmed link back to GitHub', async () => {
    expect(
      await deliver(
        h,
        issueEvent(12, 'Login loops back to the sign-in page', 'After 3.2.0, ERR_TOO_MANY_REDIRECTS'),
        'forged',
      ),
    ).to.equal(401);
    expect((await h.api('GET', '/api/tickets')).body.tickets).to.deep.equal([]);

    expect(
      await deliver(
        h,
        issueEvent(
          12,
          'Login loops back to the sign-in page',
          'After 3.2.0, ERR_TOO_MANY_REDIRECTS on /login',
          ['service:auth'],
        ),
      ),
    ).to.equal(202);
    expect(
      await deliver(
        h,
        issueEvent(40, 'Sign-in redirect loop', 'ERR_TOO_MANY_REDIRECTS on /login since 3.2.0', [
          'service:auth',
          'P1',
        ]),
      ),
    ).to.equal(202);
    const tickets = (await h.api('GET', '/api/tickets')).body.tickets;
    const orig = tickets.find((t: any) => t.externalId === 'acme/web#12');
    const dupe = tickets.find((t: any) => t.externalId === 'acme/web#40');
    expect(orig).to.include({
      source: 'github',
      service: 'auth',
      url: 'https://github.com/acme/web/issues/12',
    });
    expect(dupe.priority).to.equal('urgent');

    const steps = await stepsOf(h, dupe.incidentId);
    expect(steps.find((s) => s.tool === 'support.find_duplicates').result.data.candidates[0].ticket).to.equal(
      orig.id,
    );
    expect(
      gh.issues.get('acme/web#40')!.comments,
      'escalation packs stay off the public issue',
    ).to.deep.equal([]);
    const link = steps.find((s) => s.tool === 'ticketing.link');
    expect(link.state).to.equal('awaiting_approval');
    await h.api('POST', `/api/approvals/${link.approvalId}/votes`, { decision: 'approve' }, 'helpdesk');
    await h.settle();
    expect(gh.issues.get('acme/web#40')!.comments).to.deep.equal(['Duplicate of #12']);

    // A reply goes to the issue only after the (acknowledged) approval.
    await command(h, `support draft ${dupe.id} Thanks, this is tracked in #12.`);
    const reply = (await pendingSteps(h)).find((p) => p.step.tool === 'ticketing.reply')!;
    expect(gh.issues.get('acme/web#40')!.comments).to.have.length(1);
    await command(h, `approve ${reply.approval.id}`);
    expect(gh.issues.get('acme/web#40')!.comments).to.deep.equal([
      'Duplicate of #12',
      'Thanks, this is tracked in #12.',
    ]);
  });
});
