import { expect } from 'chai';
import type { ChatAdapter, ChatEvent, ChatEventSink, OutgoingMessage } from '../../src/core/index.js';

/** What each platform's test provides so the shared conformance suite can drive its adapter. */
export interface ChatAdapterHarness {
  readonly adapter: ChatAdapter;
  /**
   * Delivers the command `text` (without the platform's `/wk` or `!wk` prefix; the harness adds it in
   * its platform's form) as platform user `user`, through the platform's real wire path, and resolves
   * with the bot's replies as that user would see them.
   */
  inject(text: string, user: string): Promise<readonly OutgoingMessage[]>;
  /** Every message the platform currently shows in the adapter's conversations, oldest first. */
  seen(): Promise<readonly OutgoingMessage[]>;
  /** The conversation the suite should post into (a channel the bot is in). */
  readonly conversation?: { readonly channel: string; readonly thread?: string };
  cleanup(): Promise<void>;
}

/**
 * Shared conformance for every ChatAdapter (Slack, Discord, Matrix, console): the same behaviour on
 * every platform is what lets the gateway stay platform-blind. Call it from each adapter's test file.
 */
export function runChatAdapterContract(name: string, factory: () => Promise<ChatAdapterHarness>): void {
  describe(`ChatAdapter contract: ${name}`, function () {
    let harness: ChatAdapterHarness;
    const received: ChatEvent[] = [];
    const sink: ChatEventSink = async (event) => {
      received.push(event);
      if (event.kind === 'command' && event.text === 'ping') return [{ text: `pong for ${event.principal}` }];
      return [{ text: `seen ${event.kind}` }];
    };

    beforeEach(async () => {
      received.length = 0;
      harness = await factory();
      await harness.adapter.start(sink);
    });
    afterEach(async () => {
      await harness.adapter.stop();
      await harness.cleanup();
    });

    const conversation = () => ({
      platform: harness.adapter.platform,
      channel: harness.conversation?.channel ?? 'ops',
      ...(harness.conversation?.thread !== undefined ? { thread: harness.conversation.thread } : {}),
    });

    it('names its platform', () => {
      expect(harness.adapter.platform).to.match(/^[a-z][a-z0-9-]*$/);
    });

    it('posts a message and returns a reference on its platform', async () => {
      const ref = await harness.adapter.post(conversation(), { text: 'contract: first post' });
      expect(ref.platform).to.equal(harness.adapter.platform);
      expect(ref.id).to.be.a('string').and.not.equal('');
      expect(ref.conversation.platform).to.equal(harness.adapter.platform);
      const texts = (await harness.seen()).map((m) => m.text);
      expect(texts.some((t) => t.includes('contract: first post'))).to.equal(true);
    });

    it('updates a posted message in place', async () => {
      const ref = await harness.adapter.post(conversation(), { text: 'contract: before update' });
      await harness.adapter.update(ref, { text: 'contract: after update' });
      const texts = (await harness.seen()).map((m) => m.text);
      expect(texts.some((t) => t.includes('contract: after update'))).to.equal(true);
      expect(texts.some((t) => t.includes('contract: before update'))).to.equal(false);
    });

    it('turns an injected command into a command ChatEvent with a platform principal and conversation', async () => {
      await harness.inject('ping', 'alice');
      const event = received.find((e) => e.kind === 'command');
      expect(event, 'the sink received a command').to.not.equal(undefined);
      if (event?.kind !== 'command') return;
      expect(event.text).to.equal('ping');
      expect(event.platform).to.equal(harness.adapter.platform);
      expect(event.principal.startsWith(`${harness.adapter.platform}:`)).to.equal(true);
      expect(event.conversation.platform).to.equal(harness.adapter.platform);
      expect(event.id).to.be.a('string').and.not.equal('');
      expect(Number.isNaN(Date.parse(event.receivedAt))).to.equal(false);
    });

    it('delivers the sink’s replies to the user', async () => {
      const replies = await harness.inject('ping', 'alice');
      const shown = [...replies, ...(await harness.seen())].map((m) => m.text);
      expect(shown.some((t) => t.startsWith('pong for '))).to.equal(true);
    });

    it('stops cleanly and can be stopped twice', async () => {
      await harness.adapter.stop();
      await harness.adapter.stop();
    });
  });
}
