import type { Conversation } from './chat.js';

export interface MemoryHit {
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly score: number;
  readonly incidentId?: string;
  readonly title?: string;
  readonly component?: string;
  readonly createdAt?: string;
  /** Why it matched, for a human: "same exception NullPointerException; same stack frame WebServer.serviceStart". */
  readonly reason?: string;
}

/** Something worth finding again: an incident outcome, a note, a ticket. */
export interface MemoryEntry {
  readonly kind: string;
  /** The whole text (for a ticket: title and body); what a hit shows. */
  readonly text: string;
  readonly incidentId?: string;
  /** Caller-chosen id (e.g. `ticket:GH-12`) so a hit can be traced back; a fresh UUID when absent. */
  readonly id?: string;
  /** A short summary line; weighted above the body when present. */
  readonly title?: string;
  readonly component?: string;
  /** When the thing happened (ISO 8601); defaults to the time it is remembered. */
  readonly createdAt?: string;
}

export interface SimilarOptions {
  /** Only entries of this kind (e.g. `ticket`). */
  readonly kind?: string;
  /** Only entries created strictly before this ISO 8601 time. */
  readonly before?: string;
  /** Leave this id out (the entry being compared, when it is already remembered). */
  readonly excludeId?: string;
  /** Title of the text being compared, when it has one: matched against titles with more weight. */
  readonly title?: string;
  readonly component?: string;
}

/** Long-term indexed memory plus a per-conversation scratchpad. */
export interface Memory {
  /** Returns the entry's id. Remembering an id twice keeps the first entry. */
  remember(entry: MemoryEntry): string;
  similar(text: string, k: number, options?: SimilarOptions): MemoryHit[];
  scratchpad(conversation: Conversation): Scratchpad;
}

export interface Scratchpad {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  /** Every entry of this conversation (small by design; bounded by the store). */
  entries(): Record<string, string>;
}

/** Index terms of one entry, per field, space-separated (already normalised by the memory module). */
export interface MemoryTerms {
  readonly title: string;
  readonly body: string;
  readonly idents: string;
}

/** A stored entry as the retriever sees it: the record plus its index terms. */
export interface MemoryRecord {
  readonly n: number;
  readonly id: string;
  readonly kind: string;
  readonly text: string;
  readonly incidentId?: string;
  readonly title?: string;
  readonly component?: string;
  readonly createdAt: string;
  readonly terms: MemoryTerms;
}

/** A first-stage candidate: a record and its BM25 score (higher is better). */
export interface MemoryCandidate extends MemoryRecord {
  readonly bm25: number;
}

export interface CandidateQuery {
  /** Index terms, ORed; each may carry a field: only that column is searched for it. */
  readonly terms: readonly { readonly term: string; readonly field?: keyof MemoryTerms }[];
  /** Common terms that match only together (ORed with `terms` as one AND group). */
  readonly allOf?: readonly string[];
  readonly limit: number;
  /** BM25 weights of the title, body and identifier columns. */
  readonly weights: readonly [number, number, number];
  readonly kind?: string;
  readonly before?: string;
  readonly excludeId?: string;
  /**
   * The newest `limit` matches instead of the best `limit` by BM25. For a query made only of an AND
   * group every match has all its terms, and ranking hundreds of matches by BM25 costs milliseconds.
   */
  readonly newestFirst?: boolean;
}
