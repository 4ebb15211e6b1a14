import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createJiraHookRoute,
  createJiraSource,
  verified,
} from '../../../../../adapters/sources/jira/index.js';
import type { HttpRequest, IngestResult, SignalIntake } from '../../../../../src/core/index.js';

const fixture = JSON.parse(readFileSync('test/fixtures/jira/issue-created.json', 'utf8'));
const clock = { now: () => new Date('2026-11-26T10:00:00Z') };

function request(body: string, headers: Record<string, string> = {}, query = ''): HttpRequest {
  return {
    method: 'POST',
    path: '/hooks/jira',
    params: {},
    query: new URLSearchParams(query),
    headers,
    rawBody: Buffer.from(body),
  };
}

/** Records what reached the intake; parses with the real source like the pipeline does. */
function recordingIntake(): SignalIntake & { bodies: unknown[] } {
  const source = createJiraSource({ clock });
  const bodies: unknown[] = [];
  const ingest = (_id: string, body: unknown): IngestResult => {
    const n = source.parse(body).length;
    bodies.push(body);
    return { accepted: n, signalIds: ['s1'] };
  };
  return { bodies, ingest, accept: async (id, body) => ingest(id, body) };
}

describe('Jira source', () => {
  it('turns jira:issue_created into a ticket signal with the shared label contract', () => {
    const [s] = createJiraSource({ clock }).parse(fixture);
    expect(s).to.include({
      source: 'jira',
      kind: 'ticket',
      status: 'firing',
      severity: 'critical',
      fingerprint: 'jira:SUP-7',
      groupKey: 'ticket:jira:SUP-7',
      summary: 'Checkout fails with 500 at payment',
      startsAt: '2026-11-26T09:00:00.000Z',
    });
    expect(s!.labels).to.deep.equal({
      ticket_source: 'jira',
      ticket_id: 'SUP-7',
      priority: 'urgent',
      reporter: 'ana@example.com',
      service: 'checkout-api',
    });
    expect(s!.annotations['url']).to.equal('https://acme.atlassian.net/browse/SUP-7');
    expect(s!.annotations['body']).to.include("reading 'currency'").and.include('Add an item');
  });

  it('resolves an issue that moved to a done status', () => {
    const done = structuredClone(fixture);
    done.webhookEvent = 'jira:issue_updated';
    done.issue.fields.status = { name: 'Closed', statusCategory: { key: 'done' } };
    expect(createJiraSource({ clock }).parse(done)[0]!.status).to.equal('resolved');
  });

  it('refuses other events and malformed issues, naming the fields', () => {
    const bad = { webhookEvent: 'jira:worklog_updated', issue: { id: '1', key: 'nope', fields: {} } };
    const err = (() => {
      try {
        createJiraSource({ clock }).parse(bad);
      } catch (e) {
        return e as { code: string; issues: { path: string }[] };
      }
      return undefined;
    })();
    expect(err?.code).to.equal('VALIDATION_FAILED');
    expect(err?.issues.map((i) => i.path)).to.include.members([
      'webhookEvent',
      'issue.key',
      'issue.fields.summary',
    ]);
  });
});

describe('Jira webhook verification', () => {
  const secret = 'jira-shared-secret';
  const body = JSON.stringify(fixture);
  const sign = (b: string, s = secret) => `sha256=${createHmac('sha256', s).update(b).digest('hex')}`;

  it('accepts a valid X-Hub-Signature or ?token=, nothing else', () => {
    const none = new URLSearchParams();
    expect(verified(secret, Buffer.from(body), { 'x-hub-signature': sign(body) }, none)).to.equal(true);
    expect(verified(secret, Buffer.from(body), {}, new URLSearchParams(`token=${secret}`))).to.equal(true);
    expect(verified(secret, Buffer.from(body), { 'x-hub-signature': sign(body, 'other') }, none)).to.equal(
      false,
    );
    expect(verified(secret, Buffer.from(`${body} `), { 'x-hub-signature': sign(body) }, none)).to.equal(
      false,
    );
    expect(verified(secret, Buffer.from(body), {}, new URLSearchParams('token=guess'))).to.equal(false);
    expect(verified(secret, Buffer.from(body), {}, none)).to.equal(false);
  });

  it('the route stores nothing for a bad signature and answers 202 for a good one', async () => {
    const intake = recordingIntake();
    const route = createJiraHookRoute({ intake, secret });
    expect(route.auth).to.equal('none');
    const refused = await route.handle!(request(body, { 'x-hub-signature': sign(body, 'nope') })).catch(
      (e) => e,
    );
    expect(refused).to.include({ code: 'UNAUTHORIZED' });
    expect(intake.bodies).to.have.length(0);
    const ok = await route.handle!(request(body, { 'x-hub-signature': sign(body) }));
    expect(ok.status).to.equal(202);
    expect(intake.bodies).to.have.length(1);
    const bad = await route.handle!(request('{not json', {}, `token=${secret}`)).catch((e) => e);
    expect(bad).to.include({ code: 'VALIDATION_FAILED' });
  });

  it('without a secret it falls back to the usual hook token', () => {
    expect(createJiraHookRoute({ intake: recordingIntake() }).auth).to.equal('hook');
  });
});
