import type { MemoryEntry, MemoryHit, SimilarOptions } from '../core/index.js';

/**
 * The seam behind `Memory.remember` / `Memory.similar`: the lexical retriever is the default; a better
 * one (embeddings, a service) implements the same two calls and is passed to `createMemory`.
 */
export interface Retriever {
  /** Stores an already redacted entry; returns its id. */
  index(
    entry: MemoryEntry & { readonly id: string; readonly createdAt: string; readonly at: string },
  ): string;
  search(text: string, k: number, options?: SimilarOptions): MemoryHit[];
}

/**
 * Optional vector similarity, off by default. When given, the lexical retriever asks it to score its
 * first-stage candidates and fuses that ranking with its own (reciprocal rank). It is synchronous
 * because the Memory port is; a model behind it needs a local runtime or a cache.
 */
export interface EmbeddingHook {
  /** Cosine-like similarity of `query` to each candidate text, in the candidates' order. */
  similarity(query: string, candidates: readonly string[]): readonly number[];
}
