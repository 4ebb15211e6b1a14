import { expect } from 'chai';
import type { ChatEvent } from '../../../../../src/core/index.js';
import { createMatrixAdapter } from '../../../../../adapters/chat/matrix/index.js';
import { loadConfig } from '../../../../../src/config/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';
import { ALICE, MALLORY, eventually, startMatrixKit } from './matrix-test-kit.js';

type Kit = Awaited<ReturnType<typeof startMatrixKit>>;

describe('Matrix adapter against the fake homeserver', () => {
  let kit: Kit | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });

  async function started(sink: (e: ChatEvent) => Promise<readonly { text: string }[]> = async () => []) {
    kit = await startMatrixKit();
    const room = kit.fake.createRoom(ALICE);
    kit.fake.join(kit.fake.botUserId, room);
    await kit.adapter.start(sink);
    await kit.adapter.synced();
    return { kit, room };
  }

  it('honours M_LIMIT_EXCEEDED (Retry-After and retry_after_ms) and retries 5xx with the same txnId', async () => {
    const { kit, room } = await started();
    kit.fake.sendFailures.push(
      { status: 429, errcode: 'M_LIMIT_EXCEEDED', retryAfterHeader: '1' },
      { status: 429, errcode: 'M_LIMIT_EXCEEDED', retryAfterMs: 50 },
      { status: 502, errcode: 'M_UNKNOWN' },
    );
    const t0 = Date.now();
    const ref = await kit.adapter.post({ platform: 'matrix', channel: room }, { text: 'after the storm' });
    const waited = Date.now() - t0;
    expect(waited, 'waited for Retry-After: 1 s').to.be.at.least(1000);
    const sends = kit.fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/send/'));
    expect(sends.map((r) => r.status)).to.deep.equal([429, 429, 502, 200]);
    expect(new Set(sends.map((r) => r.path)).size, 'one txnId for every attempt').to.equal(1);
    expect(kit.fake.botMessages(room).map((m) => m.content['body'])).to.deep.equal(['after the storm']);
    expect(ref.id).to.match(/^\$/);
  });

  it('a retransmitted txnId returns the original event and creates nothing new', async () => {
    const { kit, room } = await started();
    await kit.adapter.post({ platform: 'matrix', channel: room }, { text: 'once' });
    const put = kit.fake.requests.find((r) => r.method === 'PUT')!;
    const again = await fetch(`${kit.fake.url}${put.path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${kit.fake.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(put.body),
    });
    const first = kit.fake.botMessages(room)[0]!;
    expect(await again.json()).to.deep.equal({ event_id: first.event_id });
    expect(kit.fake.botMessages(room)).to.have.length(1);
  });

  it('ignores its own messages, notices and edits; says once that an encrypted room cannot be read', async () => {
    const seen: ChatEvent[] = [];
    const { kit, room } = await started(async (e) => {
      seen.push(e);
      return [];
    });
    kit.fake.send(ALICE, room, 'm.room.message', { msgtype: 'm.notice', body: '!wk help' });
    kit.fake.send(kit.fake.botUserId, room, 'm.room.message', { msgtype: 'm.text', body: '!wk help' });
    kit.fake.send(ALICE, room, 'm.room.message', {
      msgtype: 'm.text',
      body: '* !wk help',
      'm.new_content': { msgtype: 'm.text', body: '!wk help' },
      'm.relates_to': { rel_type: 'm.replace', event_id: '$x' },
    });
    kit.fake.say(ALICE, room, '!wk whoami');
    await eventually('the command', () => seen.length > 0);
    await kit.adapter.idle();
    expect(seen.map((e) => (e.kind === 'command' ? e.text : e.kind))).to.deep.equal(['whoami']);
    expect(seen[0]!.principal).to.equal(`matrix:${ALICE}`);

    const secret = kit.fake.createRoom(ALICE, { encrypted: true });
    kit.fake.invite(ALICE, secret, kit.fake.botUserId);
    await eventually('the encrypted-room notice', () => kit.fake.botMessages(secret).length > 0);
    kit.fake.send(ALICE, secret, 'm.room.encrypted', { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'x' });
    await new Promise((r) => setTimeout(r, 300));
    await kit.adapter.idle();
    const notices = kit.fake.botMessages(secret);
    expect(notices).to.have.length(1);
    expect(String(notices[0]!.content['body'])).to.include('end-to-end encrypted');
  });

  it('handles a re-delivered event once, and does not run history on a brand-new database', async () => {
    const logs: string[] = [];
    const logger = {
      ...silentLogger,
      info: (m: string) => void logs.push(m),
      child: () => logger,
    };
    kit = await startMatrixKit({ logger });
    const room = kit.fake.createRoom(ALICE);
    kit.fake.join(kit.fake.botUserId, room);
    kit.fake.say(ALICE, room, '!wk help'); // before the bot ever ran: history, not a command
    const seen: ChatEvent[] = [];
    await kit.adapter.start(async (e) => {
      seen.push(e);
      return [];
    });
    await kit.adapter.synced();
    kit.fake.say(ALICE, room, '!wk whoami');
    await eventually('the command', () => seen.length > 0);
    kit.fake.redeliverLastBatch();
    kit.fake.say(ALICE, room, 'chatter');
    await new Promise((r) => setTimeout(r, 500));
    await kit.adapter.idle();
    expect(seen.map((e) => (e.kind === 'command' ? e.text : e.kind))).to.deep.equal(['whoami']);
    // the SDK still emits the repeated event: the event-id receipt is what stops it
    expect(logs).to.include('ignoring a re-delivered Matrix event');
  });

  it('declines invites from principals the policy does not allow', async () => {
    const { kit } = await started();
    const evil = kit.fake.createRoom(MALLORY);
    kit.fake.invite(MALLORY, evil, kit.fake.botUserId);
    await eventually('the decline', () => kit.fake.membership(evil, kit.fake.botUserId) === 'leave');
  });

  it('reports an unknown access token on health', async () => {
    kit = await startMatrixKit();
    const adapter = createMatrixAdapter({
      homeserverUrl: kit.fake.url,
      accessToken: 'wrong',
      userId: kit.fake.botUserId,
      outbox: kit.store.outbox,
      kv: kit.store.kv,
      clock: { now: () => new Date() },
      logger: silentLogger,
      newId: () => 'x',
      isPrincipalAllowed: () => true,
      pollTimeoutMs: 100,
    });
    await adapter.start(async () => []);
    await eventually('an unhealthy adapter', () => adapter.health().ok === false, 10_000);
    expect(adapter.health().detail).to.include('M_UNKNOWN_TOKEN');
    await adapter.stop();
  });

  it('config refuses half a Matrix configuration', () => {
    expect(() => loadConfig({ MATRIX_HOMESERVER_URL: 'https://matrix.example.org' }, process.cwd())).to.throw(
      /MATRIX_ACCESS_TOKEN/,
    );
    expect(() =>
      loadConfig({ MATRIX_ACCESS_TOKEN: 'x', MATRIX_USER_ID: '@wk:example.org' }, process.cwd()),
    ).to.throw(/MATRIX_HOMESERVER_URL/);
  });
});
