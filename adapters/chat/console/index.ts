export { createConsoleAdapter } from './console-adapter.js';
export type { ConsoleAdapterOptions } from './console-adapter.js';
export type { ConsoleReply } from './console-routes.js';
export { renderEntry, renderApproval, whoMayApprove } from './render.js';
export type { MessageView, ApprovalView } from './render.js';
export {
  lineToEvent,
  voteToEvent,
  parseCommandText,
  consoleConversation,
  consolePrincipal,
} from './to-event.js';
export type { EventContext } from './to-event.js';
export { buildSimulatedAlert } from './simulated-alert.js';
export type { SimulatedAlertInput } from './simulated-alert.js';
export { commandStatus, voteStatus } from './reply-status.js';
export type { FeedEntry } from './feed-entry.js';
export { CONSOLE_CHANNEL, CONSOLE_PLATFORM } from './feed-entry.js';
export { createDashboardAssetRoutes } from './dashboard-assets.js';
