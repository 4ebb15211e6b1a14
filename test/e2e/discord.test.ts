import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeDiscord, type FakeMessage } from '../fakes/discord/fake-discord.js';
import {
  buttonIds,
  buttonInteraction,
  commandInteraction,
  groupOptions,
  interactionKeys,
  postInteraction,
  runOptions,
} from '../fakes/discord/interactions.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { guardUnhandledRejections } from '../unit/adapters/chat/discord/discord-test-kit.js';
import { alertmanagerPayload } from './harness.js';
import { waitFor } from './wait.js';

const REQ = '111111111111111111';
const ALICE = '222222222222222222';
const OPS = '645027906669510667';
const ALERTS = '645027906669510668';
const ROLES = `roles:
  sre: { members: ['discord:${REQ}', 'discord:${ALICE}'] }
  oncall: { members: ['discord:${REQ}'] }
  security: { members: [] }
  helpdesk: { members: [] }
  admin: { members: [] }
  bot: { members: ['watchkeeper'] }
allow:
  principals: ['discord:*']
  servers: []
deny:
  principals: []
`;
const times = { gateway: [] as number[], http: [] as number[] };

guardUnhandledRejections();

/** The whole app with Discord (gateway, or HTTP interactions with `http`) against FakeDiscord. */
async function startDiscordApp(options: { http?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wk-e2e-discord-'));
  const policies = join(dir, 'policies');
  mkdirSync(policies);
  writeFileSync(join(policies, 'default.policy.yaml'), readFileSync('policies/default.policy.yaml'));
  writeFileSync(join(policies, 'roles.yaml'), ROLES);
  const fake = new FakeDiscord();
  await fake.start();
  const keys = interactionKeys();
  const config = loadConfig(
    {
      PORT: '0',
      LOG_LEVEL: 'silent',
      WATCHKEEPER_DATA_DIR: dir,
      WATCHKEEPER_POLICIES: policies,
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.apiUrl,
      ...(options.http === true ? { DISCORD_PUBLIC_KEY: keys.publicKeyHex } : {}),
    },
    process.cwd(),
  );
  const app: App = await createApp(config, {
    logger: silentLogger,
    expiryIntervalMs: 60_000,
    discord: { delivery: { retryBaseMs: 5, retryMaxMs: 20 }, rest: { timeout: 2000 }, postWaitMs: 3000 },
  });
  const { url } = await app.start();
  const discord = app.discord!;
  const settle = async () => {
    await app.pipeline.idle();
    await discord.idle();
  };
  /** Delivers an interaction (over the gateway, or signed to the HTTP endpoint) and waits for its effects. */
  const deliver = async (i: { id: string; token: string }) => {
    if (options.http === true) {
      const res = await postInteraction(`${url}/discord/interactions`, i, keys.privateKey);
      expect(res.status).to.equal(200);
      fake.recordCallback(i.id, i.token, res.body);
      times.http.push(res.ms);
    } else {
      fake.dispatch('INTERACTION_CREATE', i);
      await fake.until('the initial response', () => fake.callbacks.find((c) => c.interactionId === i.id));
    }
    await settle();
    const r = fake.responses.get(i.token);
    return [...(r?.original ? [r.original] : []), ...(r?.followups ?? [])];
  };
  return {
    app,
    fake,
    url,
    keys,
    settle,
    deliver,
    command: (user: string, options: unknown[], channel = OPS) =>
      deliver(commandInteraction(fake, { id: user }, { channel }, options)),
    click: (user: string, prompt: FakeMessage, customId: string) =>
      deliver(buttonInteraction(fake, { id: user }, threadOf(fake, prompt), prompt, customId)),
    async close() {
      if (options.http !== true) times.gateway.push(...discord.responseTimes());
      await app.stop();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Env = Awaited<ReturnType<typeof startDiscordApp>>;

function threadOf(fake: FakeDiscord, m: FakeMessage) {
  const parent = fake.threads.get(m.channel_id);
  return parent === undefined ? { channel: m.channel_id } : { channel: parent, thread: m.channel_id };
}

const promptIn = (fake: FakeDiscord, channel: string) =>
  fake.channelMessages(channel).find((m) => buttonIds(m).length === 2);

/** command → prompt in a thread → self-approval and forged ids refused → approval updates the prompt → step ran. */
async function approvalLoop(e: Env): Promise<void> {
  const reply = await e.command(REQ, groupOptions('ops', 'rollback', 'checkout-api'));
  expect(reply[0]?.flags, 'the deferral is ephemeral').to.equal(64);
  const [anchor] = e.fake.channelMessages(OPS);
  expect(anchor?.content).to.include('ran `/wk ops rollback checkout-api`');
  const prompt = await waitFor('the approval prompt', async () => promptIn(e.fake, OPS));
  expect(prompt.channel_id, 'the prompt is in the command’s thread').to.equal(anchor!.id);
  expect(e.fake.threads.get(anchor!.id)).to.equal(OPS);
  const embed = JSON.stringify(prompt.embeds);
  for (const s of ['sandbox.rollback', 'high', 'high-risk-approve', 'Dry-run preview', 'not the requester'])
    expect(embed).to.include(s);
  const [approve, reject] = buttonIds(prompt);
  expect(approve!.length).to.be.at.most(100);
  expect(reject!.startsWith('wk:r:')).to.equal(true);
  expect(approve).to.not.include('rollback');
  const approvalId = approve!.split(':')[2]!;

  const own = await e.click(REQ, prompt, approve!);
  expect(own.at(-1)?.flags).to.equal(64);
  expect(own.at(-1)?.content).to.match(/you requested this step/i);
  const token = approve!.split(':')[3]!;
  for (const forged of [
    `wk:a:${approvalId}:${'f'.repeat(43)}`,
    `wk:a:A-000000:${token}`,
    'wk:a:not valid!',
  ]) {
    const r = await e.click(ALICE, prompt, forged);
    expect(r.at(-1)?.flags, forged).to.equal(64);
  }
  expect(e.app.store.approvals.get(approvalId)?.status).to.equal('pending');

  await e.click(ALICE, prompt, approve!);
  await e.settle();
  expect(e.app.store.approvals.get(approvalId)?.status).to.equal('approved');
  const updated = e.fake.findMessage(prompt.id)!;
  expect(updated.edits).to.be.greaterThan(0);
  expect(updated.components, 'a decided prompt loses its buttons').to.deep.equal([]);
  expect(JSON.stringify(updated.embeds)).to.include(`<@${ALICE}> approved`).and.include('Outcome');
  const thread = (e.fake.messages.get(anchor!.id) ?? []).map((m) => m.content);
  expect(thread.some((t) => t.includes('sandbox.rollback succeeded'))).to.equal(true);
}

describe('e2e: Discord (real discord.js, fake Discord REST + gateway)', function () {
  let e: Env | undefined;
  afterEach(async () => {
    await e?.close();
    e = undefined;
  });
  after(() => {
    for (const [mode, list] of Object.entries(times)) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(2);
      const what =
        mode === 'gateway' ? 'INTERACTION_CREATE → callback accepted' : 'signed POST → HTTP answer';
      console.log(
        `      Discord initial response, ${mode} (${what}): n=${sorted.length} p50=${at(0.5)} ms p99=${at(0.99)} ms`,
      );
    }
  });

  it('gateway: registers /wk, then command → prompt → refusals → approval updates the prompt → step executed', async () => {
    e = await startDiscordApp();
    const registered = e.fake.commands.get(e.fake.guildId)!;
    expect(registered.map((c) => c.name)).to.deep.equal(['wk']);
    const names = registered[0].options.map((o: any) => o.name);
    expect(names).to.include.members(['help', 'ask', 'approve', 'subscribe', 'whoami', 'run', 'ops']);
    await approvalLoop(e);
    const ready = (await (await fetch(`${e.url}/readyz`)).json()) as any;
    expect(ready.checks.discord.detail).to.match(/gateway ready/);
  });

  it('gateway: subscribe → one message per incident with a thread; unknown commands get an ephemeral error', async () => {
    e = await startDiscordApp();
    const sub = await e.command(
      REQ,
      [{ type: 1, name: 'subscribe', options: [{ type: 3, name: 'filter', value: 'service=checkout-api' }] }],
      ALERTS,
    );
    expect(sub[0]?.content).to.include('Subscribed');
    const bad = await e.command(REQ, runOptions('frobnicate now'));
    expect(bad[0]?.flags).to.equal(64);
    expect(bad[0]?.content).to.match(/frobnicate|unknown|not/i);
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${e.url}/hooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alertmanagerPayload('HighErrorRate', 'checkout-api')),
      });
      expect(res.status).to.equal(202);
    }
    await e.settle();
    const top = (e.fake.messages.get(ALERTS) ?? []).filter((m) => m.content.includes('checkout-api'));
    expect(top, 'one incident message').to.have.length(1);
    expect(e.fake.threads.get(top[0]!.id), 'an incident thread').to.equal(ALERTS);
    expect((e.fake.messages.get(top[0]!.id) ?? []).length).to.be.greaterThan(1);
  });

  it('gateway: a connection dropped mid-incident resumes and loses no approval', async () => {
    e = await startDiscordApp();
    await e.command(REQ, groupOptions('ops', 'rollback', 'checkout-api'));
    const prompt = await waitFor('the approval prompt', async () => promptIn(e!.fake, OPS));
    const [approve] = buttonIds(prompt);
    e.fake.drop();
    // the click happens while the bot is disconnected; Discord replays it on RESUME
    const click = buttonInteraction(e.fake, { id: ALICE }, threadOf(e.fake, prompt), prompt, approve!);
    e.fake.dispatch('INTERACTION_CREATE', click);
    await e.fake.until('the resumed session', () => e!.fake.resumes.length > 0, 10_000);
    await e.fake.until(
      'the replayed click',
      () => e!.fake.callbacks.find((c) => c.interactionId === click.id),
      10_000,
    );
    await e.settle();
    const approvalId = approve!.split(':')[2]!;
    expect(e.app.store.approvals.get(approvalId)?.status).to.equal('approved');
    expect(e.fake.identifies, 'resumed, not re-identified').to.have.length(1);
    const ready = (await (await fetch(`${e.url}/readyz`)).json()) as any;
    expect(ready.checks.discord.detail).to.match(/gateway ready, 1 reconnects, 1 resumes/);
  });

  it('HTTP interactions: PING, Ed25519 (bad → 401, stale → 401), then the same approval loop', async () => {
    e = await startDiscordApp({ http: true });
    const endpoint = `${e.url}/discord/interactions`;
    const ping = await postInteraction(
      endpoint,
      { type: 1, id: '1', application_id: e.fake.applicationId, version: 1 },
      e.keys.privateKey,
    );
    expect(ping).to.include({ status: 200 });
    expect(ping.body).to.deep.equal({ type: 1 });
    const cmd = commandInteraction(e.fake, { id: REQ }, { channel: OPS }, runOptions('whoami'));
    const bad = await postInteraction(endpoint, cmd, e.keys.privateKey, { tamper: true });
    expect(bad.status).to.equal(401);
    const stale = await postInteraction(endpoint, cmd, e.keys.privateKey, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).to.equal(401);
    const unsigned = await fetch(endpoint, { method: 'POST', body: JSON.stringify(cmd) });
    expect(unsigned.status).to.equal(401);
    await e.settle();
    expect(e.fake.responses.has(cmd.token), 'nothing processed').to.equal(false);
    const ok = await postInteraction(endpoint, cmd, e.keys.privateKey);
    expect(ok.body).to.deep.equal({ type: 5, data: { flags: 64 } });
    await approvalLoop(e);
  });
});
