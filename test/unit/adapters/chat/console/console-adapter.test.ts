import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ApprovalPrompt,
  ChatAdapter,
  ChatEvent,
  ChatEventSink,
  HttpRouteProvider,
  MessageRef,
  SignalIntake,
} from '../../../../../src/core/index.js';
import { createHttpServer } from '../../../../../src/http/index.js';
import type { HttpServer } from '../../../../../src/http/index.js';
import { createConsoleAdapter } from '../../../../../adapters/chat/console/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const prompt: ApprovalPrompt = {
  approvalId: 'ap1',
  token: 'button-token',
  runId: 'run-1',
  tool: 'sandbox.rollback',
  input: { service: 'checkout-api' },
  rationale: 'roll back the bad deploy',
  risk: 'high',
  rule: 'default#prod-writes',
  reason: 'production write',
  requester: 'console:operator',
  needed: 1,
  roles: ['sre'],
  distinctFromRequester: true,
  expiresAt: '2999-01-01T00:00:00.000Z',
  status: 'pending',
  votes: [],
};

interface Reply {
  id?: string;
  text: string;
  approval?: ApprovalPrompt;
  error?: { code: string };
}

describe('console adapter over HTTP', () => {
  let adapter: ChatAdapter & HttpRouteProvider;
  let server: HttpServer;
  let url: string;
  const events: ChatEvent[] = [];
  const ingested: { source: string; body: unknown }[] = [];
  let promptRef: MessageRef | undefined;
  let n = 0;

  const ingest = (source: string, body: unknown) => {
    ingested.push({ source, body });
    return { accepted: 1, signalIds: ['sig-1'] };
  };
  const intake: SignalIntake = { ingest, accept: async (source, body) => ingest(source, body) };

  /** Stands in for the gateway: answers a few commands and posts like the orchestrator would. */
  const sink: ChatEventSink = async (event) => {
    events.push(event);
    const ops = { platform: 'console', channel: 'ops' };
    if (event.kind === 'command') {
      if (event.text === 'help')
        return [{ text: 'commands: incidents, approve <id>, ops rollback <service>' }];
      if (event.text.startsWith('ops rollback')) {
        await new Promise((r) => setTimeout(r, 20));
        promptRef = await adapter.post(ops, { text: 'Approval needed: sandbox.rollback', approval: prompt });
        return [{ text: 'planned 1 step, waiting for approval' }];
      }
      if (event.text === 'slow') {
        await new Promise((r) => setTimeout(r, 150));
        return [{ text: 'slow done' }];
      }
      return [{ text: `unknown command ${event.text}`, error: { code: 'COMMAND_UNKNOWN' } }];
    }
    if (event.kind === 'approval') {
      if (event.approvalId === 'missing')
        return [{ text: 'no such approval', error: { code: 'APPROVAL_NOT_FOUND' } }];
      if (event.approvalId === 'self')
        return [{ text: 'requester cannot approve', error: { code: 'APPROVAL_NOT_ALLOWED' } }];
      if (event.approvalId === 'closed')
        return [{ text: 'already decided', error: { code: 'APPROVAL_CLOSED' } }];
      if (promptRef)
        await adapter.update(promptRef, { text: 'Approved', approval: { ...prompt, status: 'approved' } });
      await adapter.post(ops, { text: 'sandbox.rollback succeeded' });
      return [{ text: `vote recorded for ${event.principal}` }];
    }
    return [];
  };

  before(async () => {
    adapter = createConsoleAdapter({
      clock: { now: () => new Date('2026-01-01T00:00:00.000Z') },
      logger: silentLogger,
      newId: () => `id-${++n}`,
      intake,
    });
    await adapter.start(sink);
    server = createHttpServer({ host: '127.0.0.1', port: 0, routes: adapter.routes(), logger: silentLogger });
    url = (await server.listen()).url;
  });
  after(async () => {
    await adapter.stop();
    await server.close();
  });

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
    return {
      status: res.status,
      body: (await res.json()) as { replies: Reply[]; error?: { code: string; issues?: { path: string }[] } },
    };
  };

  it('round-trips a command: prefix stripped, replies returned, both sides in the feed', async () => {
    const res = await post('/api/commands', { text: '!wk help' });
    expect(res.status).to.equal(200);
    expect(res.body.replies.map((r) => r.text)).to.deep.equal([
      'commands: incidents, approve <id>, ops rollback <service>',
    ]);
    const event = events.at(-1);
    expect(event).to.include({
      kind: 'command',
      text: 'help',
      principal: 'console:operator',
      platform: 'console',
    });
    expect(event?.conversation).to.deep.equal({ platform: 'console', channel: 'ops' });
    const feed = (await (await fetch(`${url}/api/messages`)).json()) as {
      messages: { from: string; text: string }[];
    };
    const lastTwo = feed.messages.slice(-2).map((m) => [m.from, m.text]);
    expect(lastTwo).to.deep.equal([
      ['console:operator', '!wk help'],
      ['watchkeeper', 'commands: incidents, approve <id>, ops rollback <service>'],
    ]);
  });

  it('sends other lines as message events, and takes the user from the header or the body', async () => {
    await post('/api/commands', { text: 'hello' }, { 'x-watchkeeper-user': 'bob' });
    expect(events.at(-1)).to.include({
      kind: 'message',
      text: 'hello',
      principal: 'console:bob',
      displayName: 'bob',
    });
    await post('/api/commands', { text: 'hi', user: 'carol' }, { 'x-watchkeeper-user': 'bob' });
    expect(events.at(-1)).to.include({ principal: 'console:carol' });
  });

  it('includes messages posted while the command was handled (the approval prompt) in the replies', async () => {
    const res = await post('/api/commands', { text: '!wk ops rollback checkout-api' });
    expect(res.status).to.equal(200);
    const withApproval = res.body.replies.find((r) => r.approval !== undefined);
    expect(withApproval?.approval?.approvalId).to.equal('ap1');
    expect(withApproval?.id).to.equal(promptRef?.id);
    expect(res.body.replies.map((r) => r.text)).to.include('planned 1 step, waiting for approval');
  });

  it('does not attribute a concurrent request’s posts to another request', async () => {
    const [slow, rollback] = await Promise.all([
      post('/api/commands', { text: '!wk slow' }),
      post('/api/commands', { text: '!wk ops rollback checkout-api' }),
    ]);
    expect(slow.body.replies.map((r) => r.text)).to.deep.equal(['slow done']);
    expect(rollback.body.replies.some((r) => r.approval)).to.equal(true);
  });

  it('answers 400 for an unknown command, still with the replies', async () => {
    const res = await post('/api/commands', { text: '!wk frobnicate' });
    expect(res.status).to.equal(400);
    expect(res.body.replies[0]?.error?.code).to.equal('COMMAND_UNKNOWN');
  });

  it('turns votes into approval events carrying token and user, with statuses from the reply code', async () => {
    const ok = await post('/api/approvals/ap1/votes', {
      decision: 'approve',
      token: 'button-token',
      user: 'alice',
    });
    expect(ok.status).to.equal(200);
    expect(events.at(-1)).to.deep.include({
      kind: 'approval',
      approvalId: 'ap1',
      decision: 'approve',
      token: 'button-token',
      principal: 'console:alice',
    });
    expect(ok.body.replies.map((r) => r.text)).to.include.members([
      'vote recorded for console:alice',
      'sandbox.rollback succeeded',
    ]);
    expect(ok.body.replies.find((r) => r.approval)?.approval?.status).to.equal('approved');
    expect((await post('/api/approvals/missing/votes', { decision: 'approve' })).status).to.equal(404);
    expect((await post('/api/approvals/self/votes', { decision: 'approve' })).status).to.equal(403);
    const closed = await post('/api/approvals/closed/votes', { decision: 'reject' });
    expect(closed.status).to.equal(409);
    expect(closed.body.replies[0]?.text).to.equal('already decided');
  });

  it('simulates an alert by handing a valid Alertmanager v4 payload to the intake', async () => {
    const res = await post('/api/simulate', '');
    expect(res.status).to.equal(202);
    expect(res.body).to.deep.equal({ accepted: 1, signals: ['sig-1'] });
    const { source, body } = ingested.at(-1) as { source: string; body: Record<string, unknown> };
    expect(source).to.equal('alertmanager');
    expect(body).to.include({ version: '4', status: 'firing', truncatedAlerts: 0 });
    const alerts = body['alerts'] as Record<string, unknown>[];
    expect(alerts).to.have.length(1);
    const alert = alerts[0] as {
      labels: Record<string, string>;
      fingerprint: string;
      startsAt: string;
      status: string;
    };
    expect(alert.labels).to.deep.equal({
      alertname: 'HighErrorRate',
      service: 'checkout-api',
      severity: 'critical',
    });
    expect(alert.fingerprint).to.match(/^[0-9a-f]{16}$/);
    expect(alert.startsAt).to.equal('2026-01-01T00:00:00.000Z');
    expect(body['groupKey']).to.be.a('string');
    const custom = await post('/api/simulate', { service: 'payments', severity: 'warning' });
    expect(custom.status).to.equal(202);
    const labels = (
      (ingested.at(-1)?.body as { alerts: { labels: Record<string, string> }[] }).alerts[0] ?? { labels: {} }
    ).labels;
    expect(labels).to.include({ service: 'payments', severity: 'warning' });
  });

  it('answers 400 naming the field for bad bodies, without calling the sink', async () => {
    const before = events.length;
    const noText = await post('/api/commands', { user: 'alice' });
    expect(noText.status).to.equal(400);
    expect(noText.body.error?.issues?.map((i) => i.path)).to.include('text');
    const badUser = await post('/api/commands', { text: 'hi', user: 'Alice Smith' });
    expect(badUser.body.error?.issues?.map((i) => i.path)).to.include('user');
    expect(
      (await post('/api/commands', { text: 'hi' }, { 'x-watchkeeper-user': '../root' })).status,
    ).to.equal(400);
    expect((await post('/api/commands', '{"text":')).status).to.equal(400);
    const badVote = await post('/api/approvals/ap1/votes', { decision: 'maybe' });
    expect(badVote.body.error?.issues?.map((i) => i.path)).to.include('decision');
    expect((await post('/api/simulate', { severity: 'apocalyptic' })).status).to.equal(400);
    expect(events.length).to.equal(before);
  });

  it('streams message and update events to SSE clients', async () => {
    const res = await fetch(`${url}/api/events`);
    expect(res.headers.get('content-type')).to.contain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const frames: { event: string; data: { id: string; text: string } }[] = [];
    const readUntil = async (count: number) => {
      while (frames.length < count) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) frames.push({ event, data: JSON.parse(data) });
        }
      }
    };
    await reader.read(); // the connected comment
    const ref = await adapter.post(
      { platform: 'console', channel: 'ops', thread: 'inc-1' },
      { text: 'incident opened' },
    );
    await adapter.update(ref, { text: 'incident mitigated' });
    await readUntil(2);
    expect(frames[0]).to.deep.include({ event: 'message' });
    expect(frames[0]?.data).to.include({ id: ref.id, text: 'incident opened' });
    expect(frames[1]?.event).to.equal('update');
    expect(frames[1]?.data).to.include({ id: ref.id, text: 'incident mitigated' });
    await reader.cancel();
  });

  it('serves the page under a strict CSP and only its own assets', async () => {
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).to.contain('text/html');
    expect(page.headers.get('content-security-policy')).to.contain("default-src 'self'");
    expect(await page.text()).to.contain('data-testid="command-input"');
    const js = await fetch(`${url}/assets/app.js`);
    expect(js.headers.get('content-type')).to.contain('javascript');
    expect((await fetch(`${url}/assets/secret.txt`)).status).to.equal(404);
    expect((await fetch(`${url}/assets/..%2Fconsole-adapter.ts`)).status).to.equal(404);
  });

  it('serves every ES module of the page as JavaScript', async () => {
    // dashboard-*.js belong to /dashboard and are served (and tested) by the dashboard's own routes.
    const modules = readdirSync(join(process.cwd(), 'adapters/chat/console/web')).filter(
      (f) => f.endsWith('.js') && !f.startsWith('dashboard'),
    );
    expect(modules).to.include.members(['app.js', 'state.js', 'dom.js', 'api.js', 'feed.js', 'panels.js']);
    for (const name of modules) {
      const res = await fetch(`${url}/assets/${name}`);
      expect(res.status, name).to.equal(200);
      expect(res.headers.get('content-type'), name).to.equal('text/javascript; charset=utf-8');
    }
  });

  it('has no simulate route without an intake', () => {
    const bare = createConsoleAdapter({
      clock: { now: () => new Date() },
      logger: silentLogger,
      newId: () => 'x',
    });
    expect(bare.routes().some((r) => r.path === '/api/simulate')).to.equal(false);
  });
});
