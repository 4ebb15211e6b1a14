import { randomUUID } from 'node:crypto';
import type {
  Clock,
  Conversation,
  Memory,
  MemoryEntry,
  MemoryHit,
  MemoryRepository,
  Scratchpad,
  SimilarOptions,
} from '../core/index.js';
import { conversationKey } from './conversation-key.js';
import { createLexicalRetriever } from './lexical-retriever.js';
import type { EmbeddingHook, Retriever } from './retriever.js';

export interface MemoryOptions {
  readonly repo: MemoryRepository;
  readonly clock: Clock;
  /** Applied to everything stored, because memory feeds model prompts and chat replies. */
  readonly redact: (text: string) => string;
  /** Replaces the default lexical retriever (e.g. with an embedding one). */
  readonly retriever?: Retriever;
  /** Vector similarity fused into the lexical ranking; off unless given. */
  readonly embedding?: EmbeddingHook;
}

/**
 * Long-term memory (past incidents, outcomes, notes, tickets) searched by similarity, plus a small
 * per-conversation scratchpad. Text is redacted before it is stored or analysed.
 */
export function createMemory(options: MemoryOptions): Memory {
  const { repo, clock, redact } = options;
  const now = () => clock.now().toISOString();
  const retriever =
    options.retriever ??
    createLexicalRetriever({
      repo,
      now: () => clock.now().getTime(),
      ...(options.embedding === undefined ? {} : { embedding: options.embedding }),
    });
  return {
    remember(entry: MemoryEntry): string {
      const at = now();
      return retriever.index({
        kind: entry.kind,
        text: redact(entry.text),
        id: entry.id ?? randomUUID(),
        createdAt: isoOr(entry.createdAt, at),
        at,
        ...(entry.incidentId === undefined ? {} : { incidentId: entry.incidentId }),
        ...(entry.title === undefined ? {} : { title: redact(entry.title) }),
        ...(entry.component === undefined ? {} : { component: redact(entry.component) }),
      });
    },
    similar(text: string, k: number, similarOptions?: SimilarOptions): MemoryHit[] {
      const before = similarOptions?.before;
      if (before === undefined) return retriever.search(text, k, similarOptions);
      // Times compare as ISO strings in the store, so every form of a date is brought to that one.
      return retriever.search(text, k, { ...similarOptions, before: isoOr(before, before) });
    },
    scratchpad(conversation: Conversation): Scratchpad {
      const key = conversationKey(conversation);
      return {
        get: (name) => repo.scratchGet(key, name),
        set: (name, value) => repo.scratchSet(key, name, redact(value), now()),
        entries: () => repo.scratchList(key),
      };
    },
  };
}

/** `value` as an ISO 8601 UTC string, or `fallback` when it is absent or not a date. */
function isoOr(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
}
