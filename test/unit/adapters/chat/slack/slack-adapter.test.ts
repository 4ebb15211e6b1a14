import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { systemClock, type ChatEvent, type ChatEventSink } from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { FakeSlack } from '../../../../fakes/slack/fake-slack.js';
import { postToBot, slackSignature, slashCommandForm } from '../../../../fakes/slack/sign.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';
import { SECRET, startSlackKit, type SlackKit } from './slack-test-kit.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/slack/${name}`, import.meta.url), 'utf8');

describe('slack adapter over HTTP through the real Bolt stack', function () {
  let kit: SlackKit;
  const events: ChatEvent[] = [];
  const sink: ChatEventSink = async (e) => {
    events.push(e);
    if (e.kind === 'command' && e.text === 'secret') return [{ text: 'only for you', ephemeral: true }];
    return [{ text: `got ${e.kind}: ${e.kind === 'command' ? e.text : ''}` }];
  };
  let n = 0;
  const command = (
    text: string,
    extra: { retryNum?: number; triggerId?: string; timestamp?: number; signature?: string } = {},
  ) => {
    const id = `r${++n}`;
    const body = slashCommandForm({
      channel: 'C0OPS',
      user: 'UALICE',
      text,
      responseUrl: kit.fake.responseUrl(id),
      triggerId: extra.triggerId ?? `trigger-${id}`,
    });
    return { id, send: () => postToBot(`${kit.url}/slack/events`, body, { secret: SECRET, ...extra }) };
  };

  beforeEach(async () => {
    events.length = 0;
    kit = await startSlackKit();
    await kit.adapter.start(sink);
  });
  afterEach(() => kit.close());

  it('rejects unsigned, badly signed and stale requests with 401 and changes nothing', async () => {
    const before = kit.fake.calls.length;
    const c = command('whoami');
    const bad = await command('whoami', { signature: 'v0=' + '0'.repeat(64) }).send();
    const stale = await command('whoami', { timestamp: Math.floor(Date.now() / 1000) - 301 }).send();
    const unsigned = await fetch(`${kit.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'team_id=T1&user_id=U1&channel_id=C1&command=%2Fwk&text=whoami',
    });
    const vector = JSON.parse(fixture('signing-vector.json'));
    const official = await postToBot(`${kit.url}/slack/events`, vector.body, {
      secret: vector.secret,
      timestamp: vector.timestamp,
    });
    expect([bad.status, stale.status, unsigned.status, official.status]).to.deep.equal([401, 401, 401, 401]);
    await kit.adapter.idle();
    expect(events).to.have.length(0);
    expect(kit.fake.calls.length).to.equal(before);
    expect(kit.fake.responses.size).to.equal(0);
    expect((await c.send()).status).to.equal(200); // the same request, correctly signed, is accepted
  });

  it('answers the official url_verification challenge', async () => {
    const res = await postToBot(`${kit.url}/slack/events`, fixture('url-verification.json'), {
      secret: SECRET,
      contentType: 'application/json',
    });
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.text)).to.deep.equal({
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('answers Slack’s unsigned ssl_check probe but never dispatches what it carries', async () => {
    const res = await fetch(`${kit.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=x&command=%2Fwk&text=whoami&team_id=T1&user_id=U1&channel_id=C1',
    });
    expect(res.status).to.equal(200);
    await kit.adapter.idle();
    expect(events).to.have.length(0);
  });

  it('answers 200 before the gateway has run (the ack does not wait for the command)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await kit.adapter.stop();
    await kit.adapter.start(async (e) => {
      await gate; // the gateway is still busy with this command
      events.push(e);
      return [{ text: 'done' }];
    });
    const c = command('whoami');
    const res = await c.send();
    expect(res.status).to.equal(200);
    expect(events, 'answered while the gateway had not finished').to.have.length(0);
    release();
    await kit.adapter.idle();
    expect(events).to.have.length(1);
    expect(kit.fake.responses.get(c.id)?.[0]).to.include({ text: 'done' });
  });

  it('acks at once, then replies through response_url (ephemeral when the gateway says so)', async () => {
    const a = command('whoami');
    const b = command('secret');
    expect((await a.send()).status).to.equal(200);
    expect((await b.send()).status).to.equal(200);
    await kit.adapter.idle();
    expect(kit.fake.responses.get(a.id)).to.deep.equal([
      { text: 'got command: whoami', response_type: 'in_channel', replace_original: false },
    ]);
    expect(kit.fake.responses.get(b.id)?.[0]).to.include({
      text: 'only for you',
      response_type: 'ephemeral',
    });
  });

  it('a skill command opens a thread: an anchor message, and the event carries its ts as the thread (anchored: ours to edit)', async () => {
    await command('ops rollback checkout-api').send();
    await kit.adapter.idle();
    const [anchor] = kit.fake.channelMessages('C0OPS');
    expect(anchor?.text).to.equal('<@UALICE> ran `/wk ops rollback checkout-api`');
    expect(events[0]?.conversation).to.deep.equal({
      platform: 'slack',
      channel: 'C0OPS',
      thread: anchor?.ts,
      anchored: true,
    });
    const reply = kit.fake.channelMessages('C0OPS')[1];
    expect(reply).to.include({ text: 'got command: ops rollback checkout-api', thread_ts: anchor?.ts });
  });

  it('a retried delivery (X-Slack-Retry-Num, same trigger or event id) is processed once', async () => {
    const first = command('whoami', { triggerId: 'same-trigger' });
    const retry = command('whoami', { triggerId: 'same-trigger', retryNum: 1 });
    expect((await first.send()).status).to.equal(200);
    expect((await retry.send()).status).to.equal(200);
    const envelope = fixture('app-mention-envelope.json');
    for (const retryNum of [undefined, 1, 2])
      expect(
        (
          await postToBot(`${kit.url}/slack/events`, envelope, {
            secret: SECRET,
            contentType: 'application/json',
            ...(retryNum === undefined ? {} : { retryNum }),
          })
        ).status,
      ).to.equal(200);
    await kit.adapter.idle();
    expect(events.map((e) => (e.kind === 'command' ? e.text : e.kind))).to.deep.equal([
      'whoami',
      'ask why is checkout-api slow?',
    ]);
    const mentionReply = kit.fake.channelMessages('C123ABC456');
    expect(mentionReply).to.have.length(1);
    expect(mentionReply[0]).to.include({
      thread_ts: '1515449522.000016',
      text: 'got command: ask why is checkout-api slow?',
    });
  });

  it('measures command-ack latency through Bolt (p50/p99, informational)', async function () {
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await command('whoami').send();
      expect(res.status).to.equal(200);
      samples.push(res.ms);
    }
    await kit.adapter.idle();
    samples.sort((x, y) => x - y);
    const q = (p: number) =>
      samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2);
    console.log(
      `      slack command ack latency over ${samples.length} signed requests: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`,
    );
  });
});

describe('slack outbox through the real WebClient', function () {
  let kit: SlackKit | undefined;
  afterEach(async () => kit?.close());
  const conv = (channel = 'C0OPS') => ({ platform: 'slack', channel });

  it('a 429 storm (Retry-After) and 5xx outages lose nothing and keep the order per channel', async () => {
    kit = await startSlackKit();
    await kit.adapter.start(async () => []);
    kit.fake.inject(
      'chat.postMessage',
      ...Array.from({ length: 8 }, () => ({ status: 429 as const, retryAfter: 0 })),
      { status: 503 },
      { status: 500 },
      { error: 'ratelimited' },
    );
    kit.fake.inject('chat.update', { status: 429, retryAfter: 0 }, { status: 502 });
    const refs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        kit!.adapter.post(conv(i % 2 === 0 ? 'C0OPS' : 'C0DEV'), { text: `m${i}` }),
      ),
    );
    await kit.adapter.update(refs[0]!, { text: 'm0 edited' });
    await kit.adapter.idle();
    const ops = kit.fake.channelMessages('C0OPS').map((m) => m.text);
    const dev = kit.fake.channelMessages('C0DEV').map((m) => m.text);
    expect(ops).to.deep.equal(['m0 edited', 'm2', 'm4', 'm6', 'm8', 'm10', 'm12', 'm14', 'm16', 'm18']);
    expect(dev).to.deep.equal(['m1', 'm3', 'm5', 'm7', 'm9', 'm11', 'm13', 'm15', 'm17', 'm19']);
    expect(kit.fake.calls.filter((c) => c.status === 429)).to.have.length(9);
    expect(kit.adapter.health()).to.deep.equal({ ok: true });
  });

  it('waits for Retry-After before sending again', async () => {
    kit = await startSlackKit();
    await kit.adapter.start(async () => []);
    kit.fake.inject('chat.postMessage', { status: 429, retryAfter: 1 });
    await kit.adapter.post(conv(), { text: 'after the wait' });
    const [limited, sent] = kit.fake.calls.filter((c) => c.method === 'chat.postMessage');
    expect(sent!.at - limited!.at).to.be.at.least(950);
  });

  it('paces posts to one channel (here 1 per 100 ms) but not across channels', async () => {
    kit = await startSlackKit({ delivery: { minPostIntervalMs: 100, retryBaseMs: 1 } });
    await kit.adapter.start(async () => []);
    await Promise.all([0, 1, 2, 3].map((i) => kit!.adapter.post(conv(), { text: `p${i}` })));
    const at = kit.fake.callsOf('chat.postMessage').map((c) => c.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).to.be.at.least(95);
  });

  it('nothing is dropped across a restart: queued posts and edits are sent by the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-slack-outbox-'));
    const path = join(dir, 'wk.db');
    const fake = new FakeSlack();
    await fake.start();
    try {
      let store = openSqliteStore({ path, clock: systemClock, logger: silentLogger });
      kit = await startSlackKit({
        fake,
        store,
        postWaitMs: 50,
        delivery: { minPostIntervalMs: 0, retryBaseMs: 100, retryMaxMs: 100 },
      });
      await kit.adapter.start(async () => []);
      fake.inject('chat.postMessage', ...Array.from({ length: 100 }, () => ({ status: 503 as const })));
      const ref = await kit.adapter.post(conv(), { text: 'queued during an outage' });
      expect(ref.id).to.match(/^wk-outbox-\d+$/); // provisional until Slack returns the ts
      void kit.adapter.update(ref, { text: 'edited while queued' }).catch(() => undefined);
      await kit.adapter
        .post({ ...conv(), thread: ref.id }, { text: 'a reply in its thread' })
        .catch(() => undefined);
      await kit.adapter.stop();
      store.close();
      expect(fake.channelMessages()).to.have.length(0);
      fake.clearFaults();

      store = openSqliteStore({ path, clock: systemClock, logger: silentLogger });
      const next = await startSlackKit({ fake, store });
      await next.adapter.start(async () => []);
      await next.adapter.idle();
      const [top, reply] = fake.channelMessages('C0OPS');
      expect(top).to.include({ text: 'edited while queued', edits: 1 });
      expect(reply).to.include({ text: 'a reply in its thread', thread_ts: top!.ts });
      await next.adapter.stop();
      store.close();
    } finally {
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
      kit = undefined;
    }
  });

  it('Slack errors are coded, logged and make the adapter unhealthy (channel_not_found, invalid_auth)', async () => {
    kit = await startSlackKit();
    await kit.adapter.start(async () => []);
    kit.fake.missingChannels.add('C0GONE');
    let error: any;
    await kit.adapter.post(conv('C0GONE'), { text: 'x' }).catch((e: unknown) => (error = e));
    expect(error?.code).to.equal('INTERNAL');
    expect(error?.details).to.deep.equal({ slackError: 'channel_not_found' });
    expect(kit.adapter.health()).to.deep.equal({ ok: false, detail: 'channel_not_found (C0GONE)' });
    await kit.close();

    kit = await startSlackKit({ botToken: 'xoxb-revoked' });
    await kit.adapter.start(async () => []);
    expect(kit.adapter.health()).to.deep.include({ ok: false, detail: 'invalid_auth' });
    const res = await postToBot(`${kit.url}/slack/events`, 'a=b', { secret: SECRET });
    expect(res.status).to.equal(503);
  });

  it('signs like Slack (sanity check of the test signer against Bolt)', () => {
    expect(slackSignature('s', 1, 'b')).to.match(/^v0=[0-9a-f]{64}$/);
  });
});
