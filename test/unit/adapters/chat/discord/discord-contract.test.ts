import type { OutgoingMessage } from '../../../../../src/core/index.js';
import { runChatAdapterContract } from '../../../../contract/chat-adapter.contract.js';
import { commandInteraction, runOptions } from '../../../../fakes/discord/interactions.js';
import { OPS_CHANNEL, guardUnhandledRejections, startDiscordKit } from './discord-test-kit.js';

guardUnhandledRejections();

runChatAdapterContract('discord (gateway mode, real discord.js against the fake gateway)', async () => {
  const kit = await startDiscordKit();
  const ids = new Map<string, string>();
  return {
    adapter: kit.adapter,
    conversation: { channel: OPS_CHANNEL },
    async inject(text: string, user: string): Promise<readonly OutgoingMessage[]> {
      if (!ids.has(user)) ids.set(user, kit.fake.newId());
      const i = commandInteraction(
        kit.fake,
        { id: ids.get(user)!, username: user },
        { channel: OPS_CHANNEL },
        runOptions(text),
      );
      kit.fake.dispatch('INTERACTION_CREATE', i);
      await kit.fake.until('the initial response', () =>
        kit.fake.callbacks.find((c) => c.interactionId === i.id),
      );
      await kit.adapter.idle();
      const r = kit.fake.responses.get(i.token);
      return [...(r?.original ? [r.original] : []), ...(r?.followups ?? [])].map((m) => ({
        text: m.content,
        ...((m.flags & 64) !== 0 ? { ephemeral: true } : {}),
      }));
    },
    async seen() {
      await kit.adapter.idle();
      return kit.fake.channelMessages(OPS_CHANNEL).map((m) => ({ text: m.content }));
    },
    cleanup: () => kit.close(),
  };
});
