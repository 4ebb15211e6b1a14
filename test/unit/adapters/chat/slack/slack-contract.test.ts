import { expect } from 'chai';
import type { OutgoingMessage } from '../../../../../src/core/index.js';
import { runChatAdapterContract } from '../../../../contract/chat-adapter.contract.js';
import { postToBot, slashCommandForm } from '../../../../fakes/slack/sign.js';
import { SECRET, startSlackKit } from './slack-test-kit.js';

runChatAdapterContract('slack (HTTP mode through the real Bolt stack)', async () => {
  const kit = await startSlackKit();
  let n = 0;
  return {
    adapter: kit.adapter,
    conversation: { channel: 'C0OPS' },
    async inject(text: string, user: string): Promise<readonly OutgoingMessage[]> {
      const id = `contract-${++n}`;
      const body = slashCommandForm({
        channel: 'C0OPS',
        user: `U${user.toUpperCase()}`,
        text,
        responseUrl: kit.fake.responseUrl(id),
        triggerId: `trigger-${id}`,
      });
      const res = await postToBot(`${kit.url}/slack/events`, body, { secret: SECRET });
      expect(res.status).to.equal(200);
      await kit.adapter.idle();
      return (kit.fake.responses.get(id) ?? []).map((b) => ({
        text: String(b.text),
        ...(b.response_type === 'ephemeral' ? { ephemeral: true } : {}),
      }));
    },
    async seen() {
      await kit.adapter.idle();
      return kit.fake.channelMessages('C0OPS').map((m) => ({ text: m.text }));
    },
    cleanup: () => kit.close(),
  };
});
