import { expect } from 'chai';
import { createDiscordAdapter } from '../../../../../adapters/chat/discord/index.js';
import { systemClock } from '../../../../../src/core/index.js';
import { commandInteraction, runOptions } from '../../../../fakes/discord/interactions.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';
import { OPS_CHANNEL, guardUnhandledRejections, startDiscordKit } from './discord-test-kit.js';

guardUnhandledRejections();

describe('discord adapter', () => {
  let kit: Awaited<ReturnType<typeof startDiscordKit>> | undefined;
  afterEach(async () => {
    await kit?.close();
    kit = undefined;
  });
  const conversation = { platform: 'discord', channel: OPS_CHANNEL };
  const sink = async () => [{ text: 'ok' }];

  it('logs in over the gateway, registers /wk guild-scoped and reports health', async () => {
    kit = await startDiscordKit();
    await kit.adapter.start(sink);
    expect(kit.fake.calls.map((c) => `${c.method} ${c.path}`)).to.include.members([
      `PUT /applications/${kit.fake.applicationId}/guilds/${kit.fake.guildId}/commands`,
      'GET /gateway/bot',
    ]);
    expect(kit.adapter.health()).to.deep.equal({
      ok: true,
      detail: 'gateway ready, 0 reconnects, 0 resumes',
    });
  });

  it('a 429 (Retry-After + retry_after) is waited out by discord.js; the message arrives once', async () => {
    kit = await startDiscordKit();
    await kit.adapter.start(sink);
    kit.fake.faults.push({
      pattern: /^POST \/channels\/\d+\/messages$/,
      status: 429,
      retryAfter: 0.05,
      times: 1,
    });
    await kit.adapter.post(conversation, { text: 'after a 429' });
    const posts = kit.fake.calls.filter(
      (c) => c.method === 'POST' && c.path === `/channels/${OPS_CHANNEL}/messages`,
    );
    expect(posts).to.have.length(2);
    expect(kit.fake.channelMessages(OPS_CHANNEL).map((m) => m.content)).to.deep.equal(['after a 429']);
  });

  it('when REST finally fails (5xx after discord.js’ retries) the outbox keeps the message and sends it later', async () => {
    kit = await startDiscordKit();
    await kit.adapter.start(sink);
    kit.fake.faults.push({ pattern: /^POST \/channels\/\d+\/messages$/, status: 502, times: 6 });
    const ref = await kit.adapter.post(conversation, { text: 'survives 502s' });
    await kit.adapter.idle();
    expect(kit.fake.channelMessages(OPS_CHANNEL).map((m) => m.content)).to.deep.equal(['survives 502s']);
    expect(ref.id).to.equal(kit.fake.channelMessages(OPS_CHANNEL)[0]!.id);
    expect(kit.store.outbox.pending('discord')).to.deep.equal([]);
  });

  it('messages queued while stopped are sent by the next start', async () => {
    kit = await startDiscordKit();
    await kit.adapter.start(sink);
    await kit.adapter.stop();
    await kit.adapter.post(conversation, { text: 'queued while stopped' }).catch(() => undefined);
    expect(kit.store.outbox.pending('discord')).to.have.length(1);
    const next = kit.make();
    await next.start(sink);
    await next.idle();
    await next.stop();
    expect(kit.fake.channelMessages(OPS_CHANNEL).map((m) => m.content)).to.deep.equal([
      'queued while stopped',
    ]);
  });

  it('answers an unknown command name with an ephemeral error and processes a replayed interaction once', async () => {
    kit = await startDiscordKit();
    const seen: string[] = [];
    await kit.adapter.start(async (e) => {
      seen.push(e.kind);
      return [{ text: 'private', ephemeral: true }];
    });
    const other = commandInteraction(kit.fake, { id: '5' }, { channel: OPS_CHANNEL }, [], 'other');
    kit.fake.dispatch('INTERACTION_CREATE', other);
    await kit.fake.until('the reply', () => kit!.fake.responses.get(other.token)?.original?.edits);
    expect(kit.fake.responses.get(other.token)!.original).to.include({ flags: 64 });
    expect(kit.fake.responses.get(other.token)!.original!.content).to.match(/unknown command \/other/);
    const i = commandInteraction(kit.fake, { id: '5' }, { channel: OPS_CHANNEL }, runOptions('whoami'));
    kit.fake.dispatch('INTERACTION_CREATE', i);
    kit.fake.dispatch('INTERACTION_CREATE', i);
    await kit.fake.until('the reply', () => kit!.fake.responses.get(i.token)?.original?.edits);
    await kit.adapter.idle();
    expect(seen).to.deep.equal(['command']);
    expect(kit.fake.callbacks.filter((c) => c.interactionId === i.id)).to.have.length(1);
  });

  it('a bad token shows on health() instead of crashing start()', async () => {
    kit = await startDiscordKit();
    const bad = createDiscordAdapter({
      token: 'wrong',
      applicationId: kit.fake.applicationId,
      apiUrl: kit.fake.apiUrl,
      skills: [],
      outbox: kit.store.outbox,
      clock: systemClock,
      logger: silentLogger,
      newId: () => 'x',
      readyTimeoutMs: 2000,
    });
    await bad.start(sink);
    const h = bad.health();
    await bad.stop();
    expect(h.ok).to.equal(false);
    expect(h.detail).to.match(/register|login/);
  });
});
