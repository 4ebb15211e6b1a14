import { randomUUID } from 'node:crypto';
import { systemClock, type Clock, type Store } from '../../../../../src/core/index.js';
import { createHttpServer, type HttpServer } from '../../../../../src/http/index.js';
import { openSqliteStore } from '../../../../../src/store/index.js';
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../../../../adapters/chat/slack/index.js';
import { FakeSlack } from '../../../../fakes/slack/fake-slack.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

export const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export interface SlackKit {
  readonly fake: FakeSlack;
  readonly store: Store;
  readonly adapter: SlackAdapter;
  /** Base URL of the app's one HTTP server with the adapter's routes mounted. */
  readonly url: string;
  close(): Promise<void>;
}

/** A FakeSlack, an in-memory store and the Slack adapter mounted on the app's HTTP server. */
export async function startSlackKit(
  overrides: Partial<SlackAdapterOptions> & { fake?: FakeSlack; store?: Store; clock?: Clock } = {},
): Promise<SlackKit> {
  const fake = overrides.fake ?? new FakeSlack();
  if (fake.url === '') await fake.start();
  const store =
    overrides.store ?? openSqliteStore({ path: ':memory:', clock: systemClock, logger: silentLogger });
  const adapter = createSlackAdapter({
    botToken: fake.botToken,
    signingSecret: SECRET,
    apiUrl: fake.apiUrl,
    outbox: store.outbox,
    clock: overrides.clock ?? systemClock,
    logger: silentLogger,
    newId: randomUUID,
    delivery: { minPostIntervalMs: 0, retryBaseMs: 1, retryMaxMs: 20 },
    ...overrides,
  });
  const server: HttpServer = createHttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: adapter.routes(),
    logger: silentLogger,
  });
  const { url } = await server.listen();
  return {
    fake,
    store,
    adapter,
    url,
    async close() {
      await adapter.stop();
      await server.close();
      await fake.stop();
      if (overrides.store === undefined) store.close();
    },
  };
}
