import type { ChatAdapter, Conversation, Logger, MessageRef, OutgoingMessage } from '../core/index.js';

/**
 * The running chat adapters by platform; posting to a platform that is not running is a no-op.
 * Every outgoing message passes the redactor here, the one way out to chat.
 */
export class ChatRouter {
  private readonly adapters = new Map<string, ChatAdapter>();

  constructor(
    private readonly logger: Logger,
    private readonly redact: <T>(value: T) => T,
  ) {}

  register(adapter: ChatAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  all(): ChatAdapter[] {
    return [...this.adapters.values()];
  }

  async post(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef | undefined> {
    const adapter = this.adapters.get(conversation.platform);
    if (adapter === undefined) return undefined;
    try {
      return await adapter.post(conversation, this.redact(message));
    } catch (err) {
      this.logger.error('post failed', {
        platform: conversation.platform,
        error: err instanceof Error ? err.message : String(err),
      });
      return undefined;
    }
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const adapter = this.adapters.get(ref.platform);
    if (adapter === undefined) return;
    try {
      await adapter.update(ref, this.redact(message));
    } catch (err) {
      this.logger.error('update failed', {
        platform: ref.platform,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
}
