import type { OutgoingMessage } from '../../../../../src/core/index.js';
import { runChatAdapterContract } from '../../../../contract/chat-adapter.contract.js';
import { ALICE, startMatrixKit } from './matrix-test-kit.js';

runChatAdapterContract('matrix (real matrix-js-sdk against the fake homeserver)', async () => {
  const kit = await startMatrixKit();
  const room = kit.fake.createRoom(ALICE);
  kit.fake.join(kit.fake.botUserId, room);
  const started = kit.adapter.start.bind(kit.adapter);
  const adapter = Object.assign(Object.create(kit.adapter) as typeof kit.adapter, {
    async start(sink: Parameters<typeof started>[0]) {
      await started(sink);
      await kit.adapter.synced();
    },
  });
  const shown = (): OutgoingMessage[] =>
    kit.fake.botMessages(room).map((m) => ({ text: String(m.current['body']) }));
  return {
    adapter,
    conversation: { channel: room },
    async inject(text: string, user: string): Promise<readonly OutgoingMessage[]> {
      const before = kit.fake.botMessages(room).length;
      const id = kit.fake.say(`@${user}:fake.test`, room, `!wk ${text}`);
      await kit.fake.waitForBot('a reply', room, (m) => m.content['m.relates_to']?.event_id === id);
      await kit.adapter.idle();
      return shown().slice(before);
    },
    async seen() {
      await kit.adapter.idle();
      return shown();
    },
    cleanup: () => kit.close(),
  };
});
