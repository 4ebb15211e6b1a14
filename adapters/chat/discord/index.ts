export { createDiscordAdapter } from './discord-adapter.js';
export type { DiscordAdapter, DiscordAdapterOptions } from './discord-adapter.js';
export { renderMessage, renderApproval, whoMayApprove, principalText } from './render.js';
export type { DiscordMessage } from './render.js';
export {
  DISCORD_PLATFORM,
  APPROVE_PREFIX,
  REJECT_PREFIX,
  CUSTOM_ID_MAX,
  commandText,
  commandToEvent,
  componentToEvent,
  customId,
  discordConversation,
  discordPrincipal,
  opensThread,
  parseInteraction,
} from './to-event.js';
export { buildWkCommand } from './wk-command.js';
export type { SkillCommands } from './wk-command.js';
export { checkSignature, publicKeyFromHex, MAX_SIGNATURE_AGE_MS } from './verify.js';
export { DiscordOutbox, PROVISIONAL_PREFIX } from './discord-outbox.js';
