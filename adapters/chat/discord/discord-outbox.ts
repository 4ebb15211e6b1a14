import { WatchkeeperError, type Clock, type Logger, type OutboxRepository } from '../../../src/core/index.js';
import { backoffMs, ChannelOutbox, resolveProvisionalId, type Attempt } from '../shared/channel-outbox.js';
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

export { PROVISIONAL_PREFIX } from '../shared/channel-outbox.js';

/** 160004: a thread already exists for this message (fine: we wanted one). */
const THREAD_EXISTS = 160004;
/** Codes no retry fixes and that mean the bot is misconfigured or not allowed in a channel. */
const CHANNEL_CODES = new Set([10003, 50001, 50013, 50083]);

/**
 * Sends what the adapter stored in the outbox, one worker per channel (keeps order). discord.js' REST
 * queue already waits out 429s (`retry_after`) and retries 5xx a few times; when a request finally
 * fails with a network error or 5xx the item stays stored and is retried with back-off (also after a
 * restart), so no message is lost. 4xx refusals are recorded as failed. The queueing is the shared
 * {@link ChannelOutbox}; this class adds the Discord REST calls.
 */
export class DiscordOutbox extends ChannelOutbox<OutboxPayload> {
  constructor(o: DiscordOutboxOptions) {
    const discord = new DiscordDelivery(o);
    super({
      platform: DISCORD_PLATFORM,
      repo: o.repo,
      clock: o.clock,
      logger: o.logger,
      wording: {
        label: 'Discord',
        noun: 'message',
        channelKey: 'channel',
        retried: 'Discord call will be retried',
        refused: 'Discord refused a message',
      },
      channelOf: (p) => p.channel,
      send: (p, item) => discord.attempt(p, item.attempts),
      refusal: (p, error) => new WatchkeeperError('INTERNAL', `Discord ${p.kind} failed: ${error}`),
    });
  }
}

/** One Discord REST call per outbox item (starting its thread first), and how its errors map to retry or give up. */
class DiscordDelivery {
  private readonly threads = new Set<string>();

  constructor(private readonly o: DiscordOutboxOptions) {}

  private resolveId(id: string): string | undefined {
    return resolveProvisionalId(this.o.repo, id);
  }

  async attempt(payload: OutboxPayload, attempts: number): Promise<Attempt> {
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
    return backoffMs(attempts, this.o.retryBaseMs, this.o.retryMaxMs);
  }

  private healthy(channel: string): void {
    this.o.onProblem(channel, undefined);
    this.o.onProblem('*', undefined);
  }
}
