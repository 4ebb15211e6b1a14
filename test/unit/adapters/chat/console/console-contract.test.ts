import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../../../../../src/core/index.js';
import { createHttpServer } from '../../../../../src/http/index.js';
import { createConsoleAdapter } from '../../../../../adapters/chat/console/index.js';
import { runChatAdapterContract } from '../../../../contract/chat-adapter.contract.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

runChatAdapterContract('console', async () => {
  const adapter = createConsoleAdapter({
    clock: { now: () => new Date() },
    logger: silentLogger,
    newId: randomUUID,
  });
  const server = createHttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: adapter.routes(),
    consoleToken: 'contract-token',
    logger: silentLogger,
  });
  const { url } = await server.listen();
  const auth = { authorization: 'Bearer contract-token', 'content-type': 'application/json' };
  return {
    adapter,
    inject: async (text: string, user: string) => {
      const res = await fetch(`${url}/api/commands`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ text: `!wk ${text}`, user }),
      });
      return ((await res.json()) as { replies: OutgoingMessage[] }).replies;
    },
    seen: async () => {
      const res = await fetch(`${url}/api/messages`, { headers: auth });
      return ((await res.json()) as { messages: { text: string }[] }).messages.map((m) => ({ text: m.text }));
    },
    cleanup: () => server.close(),
  };
});
