/** Memory: similar-incident and duplicate search (normalised terms, FTS5, rerank) and a per-conversation scratchpad. */
export { createMemory, type MemoryOptions } from './create-memory.js';
export { conversationKey } from './conversation-key.js';
export {
  createLexicalRetriever,
  DEFAULT_TUNING,
  type LexicalTuning,
  type TuningOverrides,
} from './lexical-retriever.js';
export type { EmbeddingHook, Retriever } from './retriever.js';
export { analyseText } from './text-analysis.js';
