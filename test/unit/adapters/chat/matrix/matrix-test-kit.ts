import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMatrixAdapter, type MatrixAdapter } from '../../../../../adapters/chat/matrix/index.js';
import { systemClock, type Logger } from '../../../../../src/core/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import { FakeHomeserver } from '../../../../fakes/matrix/fake-homeserver.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

export const ALICE = '@alice:fake.test';
export const MALLORY = '@mallory:evil.test';

/** A fake homeserver, a SQLite store in a temp dir and a Matrix adapter pointed at them; the bot is in one room. */
export async function startMatrixKit(options: { dir?: string; fake?: FakeHomeserver; logger?: Logger } = {}) {
  const fake = options.fake ?? new FakeHomeserver();
  if (options.fake === undefined) await fake.start();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wk-matrix-'));
  const store = openSqliteStore({ path: join(dir, 'wk.db'), clock: systemClock, logger: silentLogger });
  const adapter: MatrixAdapter = createMatrixAdapter({
    homeserverUrl: fake.url,
    accessToken: fake.botToken,
    userId: fake.botUserId,
    outbox: store.outbox,
    kv: store.kv,
    clock: systemClock,
    logger: options.logger ?? silentLogger,
    newId: randomUUID,
    isPrincipalAllowed: (p) => p.endsWith(':fake.test'),
    pollTimeoutMs: 200,
    postWaitMs: 5_000,
    delivery: { retryBaseMs: 5, retryMaxMs: 50 },
  });
  return {
    fake,
    store,
    adapter,
    dir,
    async close(keep: { fake?: boolean; dir?: boolean } = {}) {
      await adapter.stop();
      store.close();
      if (keep.fake !== true) await fake.stop();
      if (keep.dir !== true && options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function eventually<T>(what: string, fn: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
