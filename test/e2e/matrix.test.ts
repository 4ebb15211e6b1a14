import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeHomeserver, type FakeEvent } from '../fakes/matrix/fake-homeserver.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { ManualClock, alertmanagerPayload } from './harness.js';

const REQ = '@req:fake.test';
const ALICE = '@alice:fake.test';
const BOB = '@bob:fake.test';
const MALLORY = '@mallory:evil.test';
const ROLES = `roles:
  sre: { members: ['matrix:${REQ}', 'matrix:${ALICE}'] }
  oncall: { members: ['matrix:${REQ}'] }
  security: { members: [] }
  helpdesk: { members: [] }
  admin: { members: [] }
  bot: { members: ['watchkeeper'] }
allow:
  principals: []
  servers: ['fake.test']
deny:
  principals: []
`;

/** The whole app with Matrix against the fake homeserver; `dir` and `fake` survive a restart when passed. */
async function startMatrixApp(reuse: { dir?: string; fake?: FakeHomeserver; clock?: ManualClock } = {}) {
  const dir = reuse.dir ?? mkdtempSync(join(tmpdir(), 'wk-e2e-matrix-'));
  const policies = join(dir, 'policies');
  if (reuse.dir === undefined) {
    mkdirSync(policies);
    writeFileSync(join(policies, 'default.policy.yaml'), readFileSync('policies/default.policy.yaml'));
    writeFileSync(join(policies, 'roles.yaml'), ROLES);
  }
  const fake = reuse.fake ?? new FakeHomeserver();
  if (reuse.fake === undefined) await fake.start();
  const config = loadConfig(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      WATCHKEEPER_DATA_DIR: dir,
      WATCHKEEPER_POLICIES: policies,
      MATRIX_HOMESERVER_URL: fake.url,
      MATRIX_ACCESS_TOKEN: fake.botToken,
      MATRIX_USER_ID: fake.botUserId,
    },
    process.cwd(),
  );
  const app: App = await createApp(config, {
    logger: silentLogger,
    ...(reuse.clock === undefined ? {} : { clock: reuse.clock }),
    expiryIntervalMs: 60_000,
    matrix: { pollTimeoutMs: 200, postWaitMs: 5_000, delivery: { retryBaseMs: 5, retryMaxMs: 50 } },
  });
  const { url } = await app.start();
  const matrix = app.matrix!;
  await matrix.synced();
  return {
    app,
    fake,
    dir,
    url,
    settle: async () => {
      await app.pipeline.idle();
      await matrix.idle();
    },
    /** Types a message as `user` and waits for the bot's first reply in its thread. */
    async command(user: string, room: string, text: string) {
      const id = fake.say(user, room, text);
      const first = await fake.waitForBot(`a reply to ${text}`, room, (m) => rootOf(m) === id);
      await matrix.idle();
      return { id, first, thread: () => fake.botMessages(room).filter((m) => rootOf(m) === id) };
    },
    async close(keep = false) {
      await app.stop();
      if (!keep) {
        await fake.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const rootOf = (e: FakeEvent): string | undefined =>
  e.content['m.relates_to']?.rel_type === 'm.thread' ? e.content['m.relates_to'].event_id : undefined;
const bodyOf = (m: { current: Record<string, any> }): string => String(m.current['body']);

/** A room created by `creator` that the bot was invited to and joined. */
async function roomWithBot(e: Env, creator = REQ): Promise<string> {
  const room = e.fake.createRoom(creator);
  e.fake.invite(creator, room, e.fake.botUserId);
  await waitUntil('the bot to join', () => e.fake.membership(room, e.fake.botUserId) === 'join');
  return room;
}

async function waitUntil(what: string, fn: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Env = Awaited<ReturnType<typeof startMatrixApp>>;

describe('e2e: Matrix (real matrix-js-sdk against a fake homeserver)', function () {
  let e: Env | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });

  it('invite → join; !wk ops rollback → threaded prompt; ✅ from an unknown user and from the requester refused; ✅ from an approver → prompt edited, step executed', async () => {
    e = await startMatrixApp();
    const room = await roomWithBot(e);
    const times: number[] = [];
    let help!: Awaited<ReturnType<Env['command']>>;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      help = await e.command(REQ, room, '!wk help');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `      command-to-reply (!wk help → threaded m.notice, via /sync) against the fake: median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms (n=5)`,
    );
    expect(help.first.content).to.include({ msgtype: 'm.notice', format: 'org.matrix.custom.html' });
    expect(help.first.content['formatted_body']).to.be.a('string');

    const run = await e.command(REQ, room, '!wk ops rollback checkout-api');
    const prompt = await e.fake.waitForBot(
      'the approval prompt',
      room,
      (m) => rootOf(m) === run.id && bodyOf(m).includes('Approval needed'),
    );
    const body = bodyOf(prompt);
    for (const s of [
      'sandbox.rollback',
      'high',
      'not the requester',
      'React ✅ to approve',
      '!wk approve A-',
    ])
      expect(body).to.include(s);
    const approvalId = /!wk approve (A-[0-9A-Z]+)/.exec(body)![1]!;
    await e.settle();
    const seeded = e.fake
      .events(room)
      .filter((x) => x.type === 'm.reaction' && x.sender === e!.fake.botUserId);
    expect(seeded.map((x) => x.content['m.relates_to'].key)).to.have.members(['✅', '❌']);

    e.fake.react(BOB, room, prompt.event_id, '✅');
    e.fake.react(REQ, room, prompt.event_id, '✅');
    await waitUntil(
      'both refusals',
      () =>
        e!.fake
          .botMessages(room)
          .filter(
            (m) => /requested this step|not allowed|may not|role/i.test(bodyOf(m)) && rootOf(m) === run.id,
          ).length >= 2,
    );
    await e.settle();
    expect(e.app.store.approvals.get(approvalId)?.status).to.equal('pending');
    expect(e.app.store.approvals.get(approvalId)?.votes.every((v) => !v.accepted)).to.equal(true);

    e.fake.react(ALICE, room, prompt.event_id, '✅');
    await waitUntil('the approval', () => e!.app.store.approvals.get(approvalId)?.status === 'approved');
    await e.settle();
    const edited = e.fake.botMessages(room).find((m) => m.event_id === prompt.event_id)!;
    expect(edited.edits).to.be.greaterThan(0);
    expect(bodyOf(edited))
      .to.include('Approved')
      .and.include(`matrix:${ALICE} approved`)
      .and.include('Outcome');
    expect(bodyOf(edited)).to.not.include('React ✅');
    await waitUntil('the step outcome', () =>
      run.thread().some((m) => bodyOf(m).includes('sandbox.rollback succeeded')),
    );
  });

  it('typed !wk approve <id> works; a re-delivered sync batch runs nothing twice; an invite from a disallowed server is declined', async () => {
    e = await startMatrixApp();
    const room = await roomWithBot(e);
    const evil = e.fake.createRoom(MALLORY);
    e.fake.invite(MALLORY, evil, e.fake.botUserId);
    await waitUntil(
      'the invite to be declined',
      () => e!.fake.membership(evil, e!.fake.botUserId) === 'leave',
    );

    const run = await e.command(REQ, room, '!wk ops rollback checkout-api');
    const prompt = await e.fake.waitForBot(
      'the approval prompt',
      room,
      (m) => rootOf(m) === run.id && bodyOf(m).includes('Approval needed'),
    );
    const approvalId = /!wk approve (A-[0-9A-Z]+)/.exec(bodyOf(prompt))![1]!;
    await e.command(ALICE, room, `!wk approve ${approvalId}`);
    await waitUntil('the approval', () => e!.app.store.approvals.get(approvalId)?.status === 'approved');
    await e.settle();
    await waitUntil('the step outcome', () =>
      run.thread().some((m) => bodyOf(m).includes('sandbox.rollback succeeded')),
    );
    const before = e.fake.botMessages(room).length;
    const audits = [...e.app.store.audit.iterate()].filter((a) => a.kind === 'command').length;

    e.fake.redeliverLastBatch();
    e.fake.say(BOB, room, 'just chatting'); // wakes the long-poll; the next batch repeats the last one
    await new Promise((r) => setTimeout(r, 600));
    await e.settle();
    expect([...e.app.store.audit.iterate()].filter((a) => a.kind === 'command').length).to.equal(audits);
    expect(e.fake.botMessages(room).length).to.equal(before);
  });

  it('a restart resumes from the stored sync token: handled commands are not replayed, commands sent while down are run once', async () => {
    e = await startMatrixApp();
    const room = await roomWithBot(e);
    await e.command(REQ, room, '!wk whoami');
    const { dir, fake } = e;
    await e.close(true);
    const downId = fake.say(REQ, room, '!wk incidents');
    const syncsBefore = fake.requests.filter((r) => r.path.endsWith('/sync')).length;
    e = await startMatrixApp({ dir, fake });
    await fake.waitForBot('the reply to the command sent while down', room, (m) => rootOf(m) === downId);
    await e.settle();
    const firstSync = fake.requests.filter((r) => r.path.endsWith('/sync'))[syncsBefore]!;
    expect(firstSync.query.get('since'), 'the first sync after the restart resumes').to.match(/^s\d+$/);
    const replies = fake.botMessages(room);
    const whoami = replies.filter((m) => bodyOf(m).startsWith('You are matrix:@req:fake.test'));
    expect(whoami, 'the command before the restart ran once').to.have.length(1);
    expect(replies.filter((m) => rootOf(m) === downId)).to.have.length(1);
  });

  it('❌ rejects; an approval that expires gets its prompt edited to say so', async () => {
    const clock = new ManualClock();
    e = await startMatrixApp({ clock });
    const room = await roomWithBot(e);
    const first = await e.command(REQ, room, '!wk ops rollback checkout-api');
    const p1 = await e.fake.waitForBot(
      'the first prompt',
      room,
      (m) => rootOf(m) === first.id && bodyOf(m).includes('Approval needed'),
    );
    e.fake.react(ALICE, room, p1.event_id, '❌');
    await waitUntil('the rejection', () =>
      bodyOf(e!.fake.botMessages(room).find((m) => m.event_id === p1.event_id)!).includes('Rejected'),
    );

    const second = await e.command(REQ, room, '!wk ops rollback checkout-api');
    const p2 = await e.fake.waitForBot(
      'the second prompt',
      room,
      (m) => rootOf(m) === second.id && bodyOf(m).includes('Approval needed'),
    );
    clock.advance(24 * 60 * 60 * 1000);
    await e.app.orchestrator.expireApprovals();
    await e.settle();
    const expired = e.fake.botMessages(room).find((m) => m.event_id === p2.event_id)!;
    expect(bodyOf(expired)).to.include('Expired').and.not.include('React ✅');
  });

  it('!wk subscribe → one message per incident with updates in its thread; @room and HTML in an alert do not ping or inject', async () => {
    e = await startMatrixApp();
    const room = await roomWithBot(e);
    const sub = await e.command(REQ, room, '!wk subscribe service=checkout-api');
    expect(bodyOf(sub.first)).to.include('Subscribed');
    const payload = alertmanagerPayload('HighErrorRate', 'checkout-api') as any;
    payload.alerts[0].annotations.summary = '@room wake up <a href="https://matrix.to/#/@room">x</a>';
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${e.url}/hooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      expect(res.status).to.equal(202);
    }
    await e.settle();
    const top = await e.fake.waitForBot(
      'the incident message',
      room,
      (m) => rootOf(m) === undefined && bodyOf(m).includes('wake up'),
    );
    expect(
      e.fake.botMessages(room).filter((m) => rootOf(m) === undefined && bodyOf(m).includes('wake up')),
    ).to.have.length(1);
    for (const c of [top.content, top.current]) {
      expect(c['body']).to.not.match(/@room/);
      expect(c['formatted_body']).to.not.include('<a ');
      expect(c['formatted_body']).to.include('&lt;a href=');
      expect(c['formatted_body']).to.not.match(/@room/);
      expect(c['m.mentions']).to.deep.equal({});
    }
    await waitUntil('updates in the incident thread', () =>
      e!.fake.botMessages(room).some((m) => rootOf(m) === top.event_id),
    );
  });
});
