import {
  WatchkeeperError,
  type Clock,
  type Logger,
  type OutboxItem,
  type OutboxRepository,
} from '../../../src/core/index.js';
import { MATRIX_PLATFORM } from './to-event.js';

/** One `PUT /rooms/{room}/send/{type}/{txnId}`; resolves with the event id. */
export type MatrixSend = (room: string, type: string, txnId: string, content: object) => Promise<string>;

/**
 * What the outbox stores. Event ids the payload refers to (thread root, edited or reacted-to message)
 * may be provisional (`wk-outbox-<id>`) and are resolved when the item is sent.
 */
export type MatrixOutboxPayload =
  | { kind: 'message'; room: string; content: Record<string, unknown>; thread?: string }
  | { kind: 'edit'; room: string; content: Record<string, unknown>; target: string }
  | { kind: 'reaction'; room: string; target: string; key: string };

export const PROVISIONAL_PREFIX = 'wk-outbox-';

type Attempt =
  | { kind: 'done'; result: string | null }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string };

const AUTH_ERRORS = new Set(['M_UNKNOWN_TOKEN', 'M_MISSING_TOKEN', 'M_USER_DEACTIVATED']);

export interface MatrixOutboxOptions {
  readonly repo: OutboxRepository;
  readonly send: MatrixSend;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Makes txnIds unique across databases that share one access token. */
  readonly txnPrefix: string;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly onProblem: (scope: string, code: string | undefined) => void;
}

/**
 * Sends what the adapter stored: one worker per room keeps order; the txnId is derived from the
 * outbox row, so a retry after a timeout or a crash is a retransmission the homeserver de-duplicates.
 * `M_LIMIT_EXCEEDED` waits for `Retry-After` (or `retry_after_ms`), 5xx and network errors back off.
 */
export class MatrixOutbox {
  private readonly queues = new Map<string, OutboxItem[]>();
  private readonly running = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  private readonly waiters = new Map<
    number,
    { resolve: (r: string | null) => void; reject: (e: Error) => void }
  >();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly idlers: (() => void)[] = [];
  private stopped = true;

  constructor(private readonly o: MatrixOutboxOptions) {}

  start(): void {
    this.stopped = false;
    const pending = this.o.repo.pending(MATRIX_PLATFORM);
    if (pending.length > 0) this.o.logger.info('resending queued Matrix events', { count: pending.length });
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
      w.reject(new WatchkeeperError('INTERNAL', 'Matrix adapter stopped; the event stays queued'));
    this.waiters.clear();
    this.queues.clear();
    await Promise.all([...this.workers]);
    this.notifyIdle();
  }

  enqueue(payload: MatrixOutboxPayload): { id: number; done: Promise<string | null> } {
    const item = this.o.repo.enqueue({
      platform: MATRIX_PLATFORM,
      channel: payload.room,
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
      w?.reject(new WatchkeeperError('INTERNAL', 'Matrix adapter is not running; the event stays queued'));
    } else this.push(item);
    return { id: item.id, done };
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** The real event id behind a provisional one, once sent. */
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

  private kick(room: string): void {
    if (this.stopped || this.running.has(room)) return;
    this.running.add(room);
    const worker: Promise<void> = this.drain(room)
      .catch((err: unknown) =>
        this.o.logger.error('Matrix outbox worker failed', { room, error: String(err) }),
      )
      .finally(() => {
        this.running.delete(room);
        if (!this.stopped && (this.queues.get(room)?.length ?? 0) > 0) this.kick(room);
        else this.notifyIdle();
        this.workers.delete(worker);
      });
    this.workers.add(worker);
  }

  private async drain(room: string): Promise<void> {
    const q = this.queues.get(room);
    while (q !== undefined && q.length > 0 && !this.stopped) {
      let item = q[0] as OutboxItem;
      const wait = Math.max(0, Date.parse(item.notBefore) - this.o.clock.now().getTime());
      if (wait > 0) await this.sleep(wait);
      if (this.stopped) return;
      const outcome = await this.attempt(item);
      if (outcome.kind === 'retry') {
        const attempts = item.attempts + 1;
        const notBefore = new Date(this.o.clock.now().getTime() + outcome.delayMs).toISOString();
        this.o.repo.reschedule(item.id, attempts, notBefore, outcome.error);
        this.o.logger.warn('Matrix send will be retried', {
          room,
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
      const at = this.o.clock.now().toISOString();
      if (outcome.kind === 'done') {
        this.o.repo.markSent(item.id, outcome.result, at);
        waiter?.resolve(outcome.result);
      } else {
        this.o.repo.markFailed(item.id, outcome.error, at);
        this.o.logger.error('Matrix refused an event', { room, kind: item.kind, code: outcome.error });
        waiter?.reject(new WatchkeeperError('INTERNAL', `Matrix send failed: ${outcome.error}`));
      }
    }
  }

  private async attempt(item: OutboxItem): Promise<Attempt> {
    const p = item.payload as MatrixOutboxPayload;
    const txnId = `${this.o.txnPrefix}.${item.id}`;
    try {
      let type = 'm.room.message';
      let content: Record<string, unknown>;
      switch (p.kind) {
        case 'message': {
          const root = p.thread === undefined ? undefined : this.resolveId(p.thread);
          if (p.thread !== undefined && root === undefined)
            return { kind: 'failed', error: 'thread_root_never_sent' };
          content =
            root === undefined
              ? p.content
              : {
                  ...p.content,
                  'm.relates_to': {
                    rel_type: 'm.thread',
                    event_id: root,
                    is_falling_back: true,
                    'm.in_reply_to': { event_id: root },
                  },
                };
          break;
        }
        case 'edit': {
          const target = this.resolveId(p.target);
          if (target === undefined) return { kind: 'failed', error: 'message_never_sent' };
          const c = p.content as { body?: string; formatted_body?: string };
          content = {
            ...p.content,
            body: `* ${c.body ?? ''}`,
            ...(c.formatted_body === undefined ? {} : { formatted_body: `* ${c.formatted_body}` }),
            'm.new_content': p.content,
            'm.relates_to': { rel_type: 'm.replace', event_id: target },
          };
          break;
        }
        case 'reaction': {
          const target = this.resolveId(p.target);
          if (target === undefined) return { kind: 'failed', error: 'message_never_sent' };
          type = 'm.reaction';
          content = { 'm.relates_to': { rel_type: 'm.annotation', event_id: target, key: p.key } };
          break;
        }
      }
      const eventId = await this.o.send(p.room, type, txnId, content);
      this.o.onProblem(p.room, undefined);
      this.o.onProblem('*', undefined);
      return { kind: 'done', result: eventId };
    } catch (err) {
      return this.classify(err, p.room, item.attempts);
    }
  }

  /** Maps a matrix-js-sdk MatrixError / ConnectionError to retry, back-off or give up. */
  private classify(err: unknown, room: string, attempts: number): Attempt {
    const e = err as {
      errcode?: string;
      httpStatus?: number;
      data?: { retry_after_ms?: number };
      getRetryAfterMs?: () => number | null;
      message?: string;
    };
    const status = e.httpStatus ?? 0;
    if (status === 429 || e.errcode === 'M_LIMIT_EXCEEDED') {
      let ms: number | null = null;
      try {
        ms = e.getRetryAfterMs?.() ?? null;
      } catch {
        ms = null;
      }
      ms ??= e.data?.retry_after_ms ?? this.backoff(attempts);
      return { kind: 'retry', delayMs: Math.max(0, ms), error: 'M_LIMIT_EXCEEDED' };
    }
    if (e.errcode === 'M_DUPLICATE_ANNOTATION') return { kind: 'done', result: null };
    if (status >= 500 || status === 408 || status === 0)
      return {
        kind: 'retry',
        delayMs: this.backoff(attempts),
        error: e.errcode ?? e.message ?? `HTTP ${status}`,
      };
    const code = e.errcode ?? `HTTP ${status}`;
    if (AUTH_ERRORS.has(code)) this.o.onProblem('*', code);
    else this.o.onProblem(room, code);
    return { kind: 'failed', error: code };
  }

  private backoff(attempts: number): number {
    const base = this.o.retryBaseMs ?? 1000;
    return Math.min(this.o.retryMaxMs ?? 60_000, base * 2 ** Math.min(attempts, 16));
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
