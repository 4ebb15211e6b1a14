import type { Clock, Conversation, Memory, MemoryHit, MemoryRepository, Scratchpad } from '../core/index.js';
import { conversationKey } from './conversation-key.js';

export interface MemoryOptions {
  readonly repo: MemoryRepository;
  readonly clock: Clock;
  /** Applied to everything stored, because memory feeds model prompts and chat replies. */
  readonly redact: (text: string) => string;
}

/**
 * Long-term memory (past incidents, outcomes, notes) searched by similarity for the orient step, plus
 * a small per-conversation scratchpad. Text is redacted before it is stored.
 */
export function createMemory(options: MemoryOptions): Memory {
  const { repo, clock, redact } = options;
  const now = () => clock.now().toISOString();
  return {
    remember(entry: { kind: string; text: string; incidentId?: string }): void {
      repo.add({
        kind: entry.kind,
        text: redact(entry.text),
        ...(entry.incidentId === undefined ? {} : { incidentId: entry.incidentId }),
        at: now(),
      });
    },
    similar(text: string, k: number): MemoryHit[] {
      return repo.search(text, k);
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
