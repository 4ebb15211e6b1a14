import {
  WatchkeeperError,
  type Clock,
  type Logger,
  type OutboxItem,
  type OutboxRepository,
} from '../../../src/core/index.js';
import type { DiscordMessage } from './render.js';
import { DISCORD_PLATFORM } from './to-event.js';

/** The REST calls the outbox makes; discord.js' `REST` (`client.rest`) satisfies it. */
export interface DiscordRestApi {
  post(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
  patch(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** `channel` is the parent channel (order is kept per channel); `thread` a thread in it (= its starter message id). */
export type OutboxPayload =
  | { kind: 'post'; channel: string; thread?: string; threadName?: string; message: DiscordMessage }
  | { kind: 'update'; channel: string; thread?: string; id: string; message: DiscordMessage };

export interface DiscordOutboxOptions {
  readonly repo: OutboxRepository;
  readonly api: DiscordRestApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** First back-off after a 5xx or network error, doubled per attempt. Default 1000. */
  readonly retryBaseMs?: number;
  /** Longest back-off. Default 60 000. */
  readonly retryMaxMs?: number;
  /** A Discord error that makes the adapter unhealthy (`undefined` clears the scope). */
  readonly onProblem: (scope: string, problem: string | undefined) => void;
}

/** Prefix of a message id handed out before Discord returned the real one (still queued). */
export const PROVISIONAL_PREFIX = 'wk-outbox-';

/** 160004: a thread already exists for this message (fine: we wanted one). */
const THREAD_EXISTS = 160004;
/** Codes no retry fixes and that mean the bot is misconfigured or not allowed in a channel. */
const CHANNEL_CODES = new Set([10003, 50001, 50013, 50083]);

type Attempt =
  | { kind: 'done'; result: string | null }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string };

/**
 * Sends what the adapter stored in the outbox, one worker per channel (keeps order). discord.js' REST
 * queue already waits out 429s (`retry_after`) and retries 5xx a few times; when a request finally
 * fails with a network error or 5xx the item stays stored and is retried with back-off (also after a
 * restart), so no message is lost. 4xx refusals are recorded as failed.
 */
export class DiscordOutbox {
  private readonly queues = new Map<string, OutboxItem[]>();
  private readonly running = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  private readonly waiters = new Map<
    number,
    { resolve: (r: string | null) => void; reject: (e: Error) => void }
  >();
  private readonly threads = new Set<string>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly idlers: (() => void)[] = [];
  private stopped = true;

  constructor(private readonly o: DiscordOutboxOptions) {}

  start(): void {
    this.stopped = false;
    const pending = this.o.repo.pending(DISCORD_PLATFORM);
    if (pending.length > 0)
      this.o.logger.info('resending queued Discord messages', { count: pending.length });
    for (const item of pending) this.push(item);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    for (const w of this.waiters.values())
      w.reject(new WatchkeeperError('INTERNAL', 'Discord adapter stopped; the message stays queued'));
    this.waiters.clear();
    this.queues.clear();
    await Promise.all([...this.workers]);
    this.notifyIdle();
  }

  /** Stores the call, then queues it; settles with the message id when Discord accepted it. */
  enqueue(payload: OutboxPayload): { id: number; done: Promise<string | null> } {
    const item = this.o.repo.enqueue({
      platform: DISCORD_PLATFORM,
      channel: payload.channel,
      kind: payload.kind,
      payload,
      at: this.o.clock.now().toISOString(),
    });
    const done = new Promise<string | null>((resolve, reject) =>
      this.waiters.set(item.id, { resolve, reject }),
    );
    done.catch(() => undefined);
    if (this.stopped) {
      const w = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      w?.reject(new WatchkeeperError('INTERNAL', 'Discord adapter is not running; the message stays queued'));
    } else this.push(item);
    return { id: item.id, done };
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** The real message id behind a provisional one, once sent. */
  resolveId(id: string): string | undefined {
    if (!id.startsWith(PROVISIONAL_PREFIX)) return id;
    const row = this.o.repo.get(Number(id.slice(PROVISIONAL_PREFIX.length)));
    return row?.status === 'sent' && row.result !== null ? row.result : undefined;
  }

  private isIdle(): boolean {
    return this.running.size === 0 && [...this.queues.values()].every((q) => q.length === 0);
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    for (const resolve of this.idlers.splice(0)) resolve();
  }

  private push(item: OutboxItem): void {
    const q = this.queues.get(item.channel) ?? [];
    q.push(item);
    this.queues.set(item.channel, q);
    this.kick(item.channel);
  }

  private kick(channel: string): void {
    if (this.stopped || this.running.has(channel)) return;
    this.running.add(channel);
    const worker: Promise<void> = this.drain(channel)
      .catch((err: unknown) =>
        this.o.logger.error('Discord outbox worker failed', { channel, error: String(err) }),
      )
      .finally(() => {
        this.running.delete(channel);
        if (!this.stopped && (this.queues.get(channel)?.length ?? 0) > 0) this.kick(channel);
        else this.notifyIdle();
        this.workers.delete(worker);
      });
    this.workers.add(worker);
  }

  private async drain(channel: string): Promise<void> {
    const q = this.queues.get(channel);
    while (q !== undefined && q.length > 0 && !this.stopped) {
      let item = q[0] as OutboxItem;
      const payload = item.payload as OutboxPayload;
      const wait = Math.max(0, Date.parse(item.notBefore) - this.o.clock.now().getTime());
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      const outcome = await this.attempt(payload, item.attempts);
      const at = this.o.clock.now().toISOString();
      if (outcome.kind === 'retry') {
        const attempts = item.attempts + 1;
        const notBefore = new Date(this.o.clock.now().getTime() + outcome.delayMs).toISOString();
        this.o.repo.reschedule(item.id, attempts, notBefore, outcome.error);
        this.o.logger.warn('Discord call will be retried', {
          channel,
          kind: payload.kind,
          attempts,
          error: outcome.error,
        });
        item = { ...item, attempts, notBefore };
        q[0] = item;
        continue;
      }
      q.shift();
      const waiter = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      if (outcome.kind === 'done') {
        this.o.repo.markSent(item.id, outcome.result, at);
        waiter?.resolve(outcome.result);
      } else {
        this.o.repo.markFailed(item.id, outcome.error, at);
        this.o.logger.error('Discord refused a message', {
          channel,
          kind: payload.kind,
          error: outcome.error,
        });
        waiter?.reject(new WatchkeeperError('INTERNAL', `Discord ${payload.kind} failed: ${outcome.error}`));
      }
    }
  }

  private async attempt(payload: OutboxPayload, attempts: number): Promise<Attempt> {
    try {
      let target = payload.channel;
      if (payload.thread !== undefined) {
        const thread = this.resolveId(payload.thread);
        if (thread === undefined) return { kind: 'failed', error: 'thread starter never sent' };
        if (payload.kind === 'post') await this.ensureThread(payload.channel, thread, payload.threadName);
        target = thread;
      }
      if (payload.kind === 'post') {
        const res = (await this.o.api.post(`/channels/${target}/messages`, { body: payload.message })) as {
          id?: string;
        };
        this.healthy(payload.channel);
        return { kind: 'done', result: res.id ?? null };
      }
      const id = this.resolveId(payload.id);
      if (id === undefined) return { kind: 'failed', error: 'message never sent' };
      await this.o.api.patch(`/channels/${target}/messages/${id}`, { body: payload.message });
      this.healthy(payload.channel);
      return { kind: 'done', result: id };
    } catch (err) {
      return this.classify(err, payload.channel, attempts);
    }
  }

  /** A thread per incident / command: started from its first message, so the thread id is that message id. */
  private async ensureThread(channel: string, message: string, name?: string): Promise<void> {
    if (this.threads.has(message)) return;
    try {
      await this.o.api.post(`/channels/${channel}/messages/${message}/threads`, {
        body: { name: (name ?? 'Watchkeeper').slice(0, 100), auto_archive_duration: 1440 },
      });
    } catch (err) {
      if ((err as { code?: unknown }).code !== THREAD_EXISTS) throw err;
    }
    this.threads.add(message);
  }

  /** Maps a @discordjs/rest error (DiscordAPIError / HTTPError / network) to retry or give up. */
  private classify(err: unknown, channel: string, attempts: number): Attempt {
    const e = err as { status?: number; code?: unknown; message?: string };
    const status = typeof e.status === 'number' ? e.status : 0;
    const code = typeof e.code === 'number' ? e.code : undefined;
    const error =
      code !== undefined
        ? `${code} ${e.message ?? ''}`.trim()
        : status > 0
          ? `HTTP ${status}`
          : (e.message ?? String(err));
    if (status === 401) this.o.onProblem('*', 'unauthorized (check DISCORD_TOKEN)');
    else if (code !== undefined && CHANNEL_CODES.has(code)) this.o.onProblem(channel, `${code}`);
    if (status === 0 || status >= 500 || status === 408 || status === 429)
      return { kind: 'retry', delayMs: this.backoff(attempts), error };
    return { kind: 'failed', error };
  }

  private backoff(attempts: number): number {
    const base = this.o.retryBaseMs ?? 1000;
    return Math.min(this.o.retryMaxMs ?? 60_000, base * 2 ** Math.min(attempts, 16));
  }

  private healthy(channel: string): void {
    this.o.onProblem(channel, undefined);
    this.o.onProblem('*', undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }
}
