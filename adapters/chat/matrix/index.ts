export { createMatrixAdapter } from './matrix-adapter.js';
export type { MatrixAdapter, MatrixAdapterOptions } from './matrix-adapter.js';
export { renderMessage, renderApproval, escapeHtml, defuse, whoMayApprove } from './render.js';
export type { MatrixContent } from './render.js';
export {
  MATRIX_PLATFORM,
  COMMAND_PREFIX,
  commandText,
  reactionDecision,
  matrixPrincipal,
  matrixConversation,
} from './to-event.js';
export { MatrixOutbox, PROVISIONAL_PREFIX } from './matrix-outbox.js';
export type { MatrixOutboxPayload, MatrixSend } from './matrix-outbox.js';
