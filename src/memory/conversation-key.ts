import type { Conversation } from '../core/index.js';

/** `%` and `:` are escaped in each part so a Matrix room id such as `!a:example.org` cannot collide. */
function part(value: string): string {
  return value.replace(/%/g, '%25').replace(/:/g, '%3A');
}

/** The scratchpad key of a conversation: `platform:channel:thread` (thread empty outside threads). */
export function conversationKey(conversation: Conversation): string {
  return `${part(conversation.platform)}:${part(conversation.channel)}:${part(conversation.thread ?? '')}`;
}
