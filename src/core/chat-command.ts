import type { ChatEvent, OutgoingMessage } from './chat.js';
import type { Principal } from './principal.js';

/**
 * A top-level chat command contributed by the composition root rather than a skill (`/wk drill …`,
 * `/wk retro …`). `args` are the words after the command name, as typed (the first one lower-cased by
 * the grammar).
 */
export type ExtraChatCommand = (
  args: readonly string[],
  principal: Principal,
  event: ChatEvent,
) => Promise<readonly OutgoingMessage[]>;
