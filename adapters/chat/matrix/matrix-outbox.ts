import {
  WatchkeeperError,
  type Clock,
  type Logger,
  type OutboxItem,
  type OutboxRepository,
} from '../../../src/core/index.js';
import { backoffMs, ChannelOutbox, resolveProvisionalId, type Attempt } from '../shared/channel-outbox.js';
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

export { PROVISIONAL_PREFIX } from '../shared/channel-outbox.js';

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
 * The queueing is the shared {@link ChannelOutbox}; this class adds the Matrix send.
 */
export class MatrixOutbox extends ChannelOutbox<MatrixOutboxPayload> {
  constructor(o: MatrixOutboxOptions) {
    const matrix = new MatrixDelivery(o);
    super({
      platform: MATRIX_PLATFORM,
      repo: o.repo,
      clock: o.clock,
      logger: o.logger,
      wording: {
        label: 'Matrix',
        noun: 'event',
        channelKey: 'room',
        retried: 'Matrix send will be retried',
        refused: 'Matrix refused an event',
      },
      channelOf: (p) => p.room,
      send: (_p, item) => matrix.attempt(item),
      refusal: (_p, error) => new WatchkeeperError('INTERNAL', `Matrix send failed: ${error}`),
    });
  }
}

/** One `PUT .../send` per outbox item (relations resolved), and how its errors map to retry or give up. */
class MatrixDelivery {
  constructor(private readonly o: MatrixOutboxOptions) {}

  private resolveId(id: string): string | undefined {
    return resolveProvisionalId(this.o.repo, id);
  }

  async attempt(item: OutboxItem): Promise<Attempt> {
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
    return backoffMs(attempts, this.o.retryBaseMs, this.o.retryMaxMs);
  }
}
