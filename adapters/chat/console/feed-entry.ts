import type { Conversation, OutgoingMessage } from '../../../src/core/index.js';

/** One line of the console's chat pane: a bot message or a user's own line. */
export interface FeedEntry {
  readonly id: string;
  readonly at: string;
  readonly conversation: Conversation;
  readonly message: OutgoingMessage;
  /** Principal who typed it (`console:alice`); absent for the bot. */
  readonly from?: string;
}

/** The console's only channel: every console message lives in `ops`, threaded by incident id. */
export const CONSOLE_CHANNEL = 'ops';
export const CONSOLE_PLATFORM = 'console';
