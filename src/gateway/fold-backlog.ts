import type { InboxRepository, Signal } from '../core/index.js';

/** Signals waiting in memory at most; past this, the rest are read back from the inbox in pages. */
const MAX_IN_MEMORY = 5_000;

/**
 * The stored signals still to be folded, oldest first. Recent ones wait in memory; when more than
 * {@link MAX_IN_MEMORY} wait (a storm), or after a restart, the rest are only in the inbox and are read
 * back in pages, so a backlog of any size costs bounded memory and nothing stored is skipped.
 */
export class FoldBacklog {
  private readonly waiting: Signal[] = [];
  /** Some stored signals are only in the inbox: read them in pages once memory is empty. */
  private spilled = false;
  /** Inbox position up to which pages were read. */
  private cursor = 0;

  constructor(private readonly inbox: InboxRepository) {}

  /** Signals just committed to the inbox. */
  add(signals: readonly Signal[]): void {
    if (!this.spilled && this.waiting.length + signals.length <= MAX_IN_MEMORY) this.waiting.push(...signals);
    else this.spilled = true; // stored already: the pages will find them
  }

  /** Everything unprocessed in the inbox is to be read from the start (recovery after a stop). */
  rereadInbox(): void {
    this.spilled = true;
    this.cursor = 0;
  }

  /** Up to `size` of the oldest signals still to fold: memory first (it holds the older ones), then pages. */
  next(size: number): Signal[] {
    if (this.waiting.length > 0) return this.waiting.splice(0, size);
    if (!this.spilled) return [];
    const page = this.inbox.unprocessedAfter(this.cursor, size);
    const last = page.at(-1);
    if (last === undefined) {
      this.spilled = false;
      return [];
    }
    this.cursor = last.seq; // a batch that fails is not read again before the next start
    return page.map((p) => p.signal);
  }
}
