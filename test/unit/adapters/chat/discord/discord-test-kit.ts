import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiscordAdapter, type DiscordAdapter } from '../../../../../adapters/chat/discord/index.js';
import { systemClock } from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { FakeDiscord } from '../../../../fakes/discord/fake-discord.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

export const OPS_CHANNEL = '645027906669510667';

/** Fails the running test on an unhandled rejection: discord.js reports malformed payloads only that way. */
export function guardUnhandledRejections(): void {
  let seen: unknown;
  const onRejection = (reason: unknown) => {
    seen = reason;
  };
  before(() => process.on('unhandledRejection', onRejection));
  after(() => process.off('unhandledRejection', onRejection));
  afterEach(() => {
    const r = seen;
    seen = undefined;
    if (r !== undefined) throw new Error(`unhandled rejection: ${String((r as Error)?.stack ?? r)}`);
  });
}

/** A Discord adapter (gateway mode unless `publicKey`) against a fresh FakeDiscord and a temp store. */
export async function startDiscordKit(options: { publicKey?: string } = {}) {
  const fake = new FakeDiscord();
  await fake.start();
  const dir = mkdtempSync(join(tmpdir(), 'wk-discord-'));
  const store = openSqliteStore({ path: join(dir, 'wk.db'), clock: systemClock, logger: silentLogger });
  let n = 0;
  const make = (): DiscordAdapter =>
    createDiscordAdapter({
      token: fake.token,
      applicationId: fake.applicationId,
      guildId: fake.guildId,
      apiUrl: fake.apiUrl,
      ...(options.publicKey === undefined ? {} : { publicKey: options.publicKey }),
      skills: [
        {
          id: 'operations',
          aliases: ['ops'],
          commands: [{ name: 'rollback', usage: '<service>', description: 'Roll back', minArgs: 1 }],
        },
      ],
      outbox: store.outbox,
      clock: systemClock,
      logger: silentLogger,
      newId: () => `evt-${++n}`,
      delivery: { retryBaseMs: 5, retryMaxMs: 20 },
      rest: { timeout: 2000 },
      postWaitMs: 3000,
    });
  const adapter = make();
  return {
    fake,
    store,
    adapter,
    /** Another adapter on the same store and fake (a restarted process). */
    make,
    async close() {
      await adapter.stop();
      store.close();
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
