import {
  WatchkeeperError,
  type Clock,
  type Logger,
  type OutboxItem,
  type OutboxRepository,
} from '../../../src/core/index.js';
import type { Block } from './render.js';
import { SLACK_PLATFORM } from './to-event.js';

/** The Web API calls the outbox makes; `app.client` from @slack/bolt satisfies it. */
export interface SlackChatApi {
  readonly chat: {
    postMessage(args: Record<string, unknown>): Promise<{ ts?: string }>;
    update(args: Record<string, unknown>): Promise<unknown>;
    postEphemeral(args: Record<string, unknown>): Promise<unknown>;
  };
}

export type OutboxPayload =
  | { kind: 'post'; channel: string; text: string; blocks?: readonly Block[]; thread_ts?: string }
  | { kind: 'update'; channel: string; ts: string; text: string; blocks?: readonly Block[] }
  | {
      kind: 'ephemeral';
      channel: string;
      user: string;
      text: string;
      blocks?: readonly Block[];
      thread_ts?: string;
    };

export interface OutboxDeliveryOptions {
  readonly repo: OutboxRepository;
  readonly api: SlackChatApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Least time between two posts into one channel; Slack allows about one per second. Default 1000. */
  readonly minPostIntervalMs?: number;
  /** First back-off after a 5xx or network error, doubled per attempt. Default 1000. */
  readonly retryBaseMs?: number;
  /** Longest back-off. Default 60 000. */
  readonly retryMaxMs?: number;
  /** Called with a Slack error code that makes the adapter unhealthy (`undefined` clears it). */
  readonly onProblem: (scope: string, code: string | undefined) => void;
  /** Monotonic milliseconds for pacing; default performance.now. */
  readonly monotonic?: () => number;
}

/** Prefix of a message id handed out before Slack returned the real `ts` (still queued). */
export const PROVISIONAL_PREFIX = 'wk-outbox-';

/** Errors that no retry will fix and that mean the adapter is misconfigured (shown on /readyz). */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'missing_scope',
  'no_permission',
  'ekm_access_denied',
  'org_login_required',
  'team_added_to_org',
]);
const CHANNEL_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
const RATE_ERRORS = new Set(['ratelimited', 'rate_limited']);

type Attempt =
  | { kind: 'done'; result: string | null }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string };

/**
 * Sends what the adapter stored in the outbox: one worker per channel keeps order, posts are paced
 * (≤ 1 per `minPostIntervalMs` per channel), a 429 waits for `Retry-After`, a 5xx or network error
 * backs off exponentially, and an item leaves the queue only when Slack accepted or refused it for good.
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 */
export class OutboxDelivery {
  private readonly queues = new Map<string, OutboxItem[]>();
  private readonly running = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  private readonly waiters = new Map<
    number,
    { resolve: (r: string | null) => void; reject: (e: Error) => void }
  >();
  private readonly lastPost = new Map<string, number>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly idlers: (() => void)[] = [];
  private stopped = true;
  private readonly monotonic: () => number;

  constructor(private readonly o: OutboxDeliveryOptions) {
    this.monotonic = o.monotonic ?? (() => performance.now());
  }

  /** Loads what a previous process left unsent and starts sending. */
  start(): void {
    this.stopped = false;
    const pending = this.o.repo.pending(SLACK_PLATFORM);
    if (pending.length > 0) this.o.logger.info('resending queued Slack messages', { count: pending.length });
    for (const item of pending) this.push(item);
  }

  /**
   * Stops sending and waits for calls already on the wire to be recorded (so the next start does not
   * send them again); what is still queued stays in the store for the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    for (const w of this.waiters.values())
      w.reject(new WatchkeeperError('INTERNAL', 'Slack adapter stopped; the message stays queued'));
    this.waiters.clear();
    this.queues.clear();
    await Promise.all([...this.workers]);
    this.notifyIdle();
  }

  /** Stores the call, then queues it; the promise settles when Slack accepted (→ ts) or refused it. */
  enqueue(payload: OutboxPayload): { id: number; done: Promise<string | null> } {
    const item = this.o.repo.enqueue({
      platform: SLACK_PLATFORM,
      channel: payload.channel,
      kind: payload.kind,
      payload,
      at: this.o.clock.now().toISOString(),
    });
    const done = new Promise<string | null>((resolve, reject) =>
      this.waiters.set(item.id, { resolve, reject }),
    );
    done.catch(() => undefined); // callers that stop waiting must not cause an unhandled rejection
    if (this.stopped) {
      const w = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      w?.reject(new WatchkeeperError('INTERNAL', 'Slack adapter is not running; the message stays queued'));
    } else this.push(item);
    return { id: item.id, done };
  }

  /** Resolves when every queue is empty (tests, shutdown). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** The real `ts` behind a provisional id, once sent; other ids are returned as they are. */
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
        this.o.logger.error('Slack outbox worker failed', { channel, error: String(err) }),
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
      const now = this.o.clock.now().getTime();
      let wait = Math.max(0, Date.parse(item.notBefore) - now);
      if (payload.kind === 'post') {
        const last = this.lastPost.get(channel);
        if (last !== undefined)
          wait = Math.max(wait, last + (this.o.minPostIntervalMs ?? 1000) - this.monotonic());
      }
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      const outcome = await this.attempt(payload, item.attempts);
      // paced from the answer, so arrivals at Slack are at least the interval apart
      if (payload.kind === 'post') this.lastPost.set(channel, this.monotonic());
      // the outcome is recorded even when stop() came meanwhile: a sent message must not be sent again
      const at = this.o.clock.now().toISOString();
      if (outcome.kind === 'retry') {
        const attempts = item.attempts + 1;
        const notBefore = new Date(this.o.clock.now().getTime() + outcome.delayMs).toISOString();
        this.o.repo.reschedule(item.id, attempts, notBefore, outcome.error);
        this.o.logger.warn('Slack call will be retried', {
          channel,
          kind: payload.kind,
          attempts,
          error: outcome.error,
          delayMs: outcome.delayMs,
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
        this.o.logger.error('Slack refused a message', { channel, kind: payload.kind, code: outcome.error });
        waiter?.reject(
          new WatchkeeperError('INTERNAL', `Slack chat.${methodOf(payload)} failed: ${outcome.error}`, {
            slackError: outcome.error,
          }),
        );
      }
    }
  }

  private async attempt(payload: OutboxPayload, attempts: number): Promise<Attempt> {
    try {
      const blocks = payload.blocks === undefined ? {} : { blocks: payload.blocks };
      switch (payload.kind) {
        case 'post': {
          const thread = payload.thread_ts === undefined ? undefined : this.resolveId(payload.thread_ts);
          const res = await this.o.api.chat.postMessage({
            channel: payload.channel,
            text: payload.text,
            ...blocks,
            ...(thread === undefined ? {} : { thread_ts: thread }),
          });
          this.healthy(payload.channel);
          return { kind: 'done', result: res.ts ?? null };
        }
        case 'update': {
          const ts = this.resolveId(payload.ts);
          if (ts === undefined) return { kind: 'failed', error: 'message_never_sent' };
          await this.o.api.chat.update({ channel: payload.channel, ts, text: payload.text, ...blocks });
          this.healthy(payload.channel);
          return { kind: 'done', result: ts };
        }
        case 'ephemeral': {
          const thread = payload.thread_ts === undefined ? undefined : this.resolveId(payload.thread_ts);
          await this.o.api.chat.postEphemeral({
            channel: payload.channel,
            user: payload.user,
            text: payload.text,
            ...blocks,
            ...(thread === undefined ? {} : { thread_ts: thread }),
          });
          this.healthy(payload.channel);
          return { kind: 'done', result: null };
        }
      }
    } catch (err) {
      return this.classify(err, payload.channel, attempts);
    }
  }

  /** Maps a @slack/web-api error (coded: `slack_webapi_*`) to retry, back-off or give up. */
  private classify(err: unknown, channel: string, attempts: number): Attempt {
    const e = err as {
      code?: string;
      retryAfter?: number;
      data?: { error?: string };
      statusCode?: number;
      message?: string;
    };
    if (e.code === 'slack_webapi_rate_limited_error')
      return { kind: 'retry', delayMs: Math.max(0, (e.retryAfter ?? 1) * 1000), error: 'HTTP 429' };
    if (e.code === 'slack_webapi_platform_error') {
      const code = e.data?.error ?? 'unknown_error';
      if (RATE_ERRORS.has(code)) return { kind: 'retry', delayMs: this.backoff(attempts), error: code };
      if (AUTH_ERRORS.has(code)) this.o.onProblem('*', code);
      else if (CHANNEL_ERRORS.has(code)) this.o.onProblem(channel, code);
      if (['internal_error', 'fatal_error', 'request_timeout', 'service_unavailable'].includes(code))
        return { kind: 'retry', delayMs: this.backoff(attempts), error: code };
      return { kind: 'failed', error: code };
    }
    if (e.code === 'slack_webapi_http_error') {
      const status = e.statusCode ?? 0;
      if (status >= 500 || status === 408)
        return { kind: 'retry', delayMs: this.backoff(attempts), error: `HTTP ${status}` };
      return { kind: 'failed', error: `HTTP ${status}` };
    }
    // network errors and anything unexpected: the message must not be lost, so try again later
    return { kind: 'retry', delayMs: this.backoff(attempts), error: e.message ?? String(err) };
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

function methodOf(p: OutboxPayload): string {
  return p.kind === 'post' ? 'postMessage' : p.kind === 'update' ? 'update' : 'postEphemeral';
}
