/** Memory: similar-incident search over FTS5 and a per-conversation scratchpad. */
export { createMemory, type MemoryOptions } from './create-memory.js';
export { conversationKey } from './conversation-key.js';
