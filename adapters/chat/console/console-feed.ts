import type { ServerResponse } from 'node:http';
import type { FeedEntry } from './feed-entry.js';
import type { MessageView } from './render.js';

/** How often an idle event stream gets a comment line, so proxies keep it open. */
export const HEARTBEAT_MS = 15_000;

/**
 * The console's in-memory feed (last `history` entries) and its Server-Sent Events clients. The feed
 * is a view for people watching now; the durable record is the store and the audit ledger.
 */
export class ConsoleFeed {
  private readonly entries: FeedEntry[] = [];
  private readonly clients = new Map<ServerResponse, NodeJS.Timeout>();

  constructor(
    private readonly history: number,
    private readonly render: (entry: FeedEntry) => MessageView,
  ) {}

  list(): readonly FeedEntry[] {
    return this.entries;
  }

  get(id: string): FeedEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  append(entry: FeedEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.history) this.entries.splice(0, this.entries.length - this.history);
    this.broadcast('message', entry);
  }

  /** Replaces an entry in place; one that has aged out of the history is appended again. */
  replace(entry: FeedEntry): void {
    const index = this.entries.findIndex((e) => e.id === entry.id);
    if (index === -1) {
      this.append(entry);
      return;
    }
    this.entries[index] = entry;
    this.broadcast('update', entry);
  }

  /** Turns a response into an event stream until the client goes away or the feed closes. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    const timer = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    timer.unref();
    this.clients.set(res, timer);
    res.once('close', () => this.drop(res));
  }

  clientCount(): number {
    return this.clients.size;
  }

  /** Ends every event stream. */
  close(): void {
    for (const res of [...this.clients.keys()]) {
      this.drop(res);
      res.end();
    }
  }

  private drop(res: ServerResponse): void {
    const timer = this.clients.get(res);
    if (timer) clearInterval(timer);
    this.clients.delete(res);
  }

  private broadcast(event: 'message' | 'update', entry: FeedEntry): void {
    if (this.clients.size === 0) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(this.render(entry))}\n\n`;
    for (const res of this.clients.keys()) res.write(frame);
  }
}
