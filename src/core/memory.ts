import type { Conversation } from './chat.js';

export interface MemoryHit {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly score: number;
  readonly incidentId?: string;
}

/** Long-term indexed memory plus a per-conversation scratchpad. */
export interface Memory {
  remember(entry: { kind: string; text: string; incidentId?: string }): void;
  similar(text: string, k: number): MemoryHit[];
  scratchpad(conversation: Conversation): Scratchpad;
}

export interface Scratchpad {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  /** Every entry of this conversation (small by design; bounded by the store). */
  entries(): Record<string, string>;
}
