export { createSlackAdapter } from './slack-adapter.js';
export type { SlackAdapter, SlackAdapterOptions } from './slack-adapter.js';
export {
  renderMessage,
  renderApprovalBlocks,
  buttonValue,
  whoMayApprove,
  principalText,
  escapeText,
} from './render.js';
export type { Block, SlackMessage } from './render.js';
export {
  actionToEvent,
  commandToEvent,
  mentionToEvent,
  opensThread,
  slackConversation,
  slackPrincipal,
  SLACK_PLATFORM,
  APPROVE_ACTION,
  REJECT_ACTION,
} from './to-event.js';
export type { EventContext } from './to-event.js';
export { OutboxDelivery, PROVISIONAL_PREFIX } from './slack-outbox.js';
