import { WatchkeeperError, type Clock, type Logger, type OutboxRepository } from '../../../src/core/index.js';
import { backoffMs, ChannelOutbox, resolveProvisionalId, type Attempt } from '../shared/channel-outbox.js';
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

export { PROVISIONAL_PREFIX } from '../shared/channel-outbox.js';

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

/**
 * Sends what the adapter stored in the outbox: one worker per channel keeps order, posts are paced
 * (≤ 1 per `minPostIntervalMs` per channel; an edit of a message already sent may go ahead of them), a 429 waits for `Retry-After`, a 5xx or network error
 * backs off exponentially, and an item leaves the queue only when Slack accepted or refused it for good.
 * The queueing is the shared {@link ChannelOutbox}; this class adds the Slack Web API calls.
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 */
export class OutboxDelivery extends ChannelOutbox<OutboxPayload> {
  constructor(o: OutboxDeliveryOptions) {
    const slack = new SlackDelivery(o);
    super({
      platform: SLACK_PLATFORM,
      repo: o.repo,
      clock: o.clock,
      logger: o.logger,
      wording: {
        label: 'Slack',
        noun: 'message',
        channelKey: 'channel',
        retried: 'Slack call will be retried',
        refused: 'Slack refused a message',
      },
      channelOf: (p) => p.channel,
      send: (p, item) => slack.attempt(p, item.attempts),
      refusal: (p, error) =>
        new WatchkeeperError('INTERNAL', `Slack chat.${methodOf(p)} failed: ${error}`, { slackError: error }),
      pacing: {
        minIntervalMs: o.minPostIntervalMs ?? 1000,
        applies: (p) => p.kind === 'post',
        monotonic: o.monotonic,
      },
      // an edit of a message Slack already has need not wait behind the channel's paced posts
      overtakes: (p) => (p.kind === 'update' ? resolveProvisionalId(o.repo, p.ts) : undefined),
    });
  }
}

/** One Slack Web API call per outbox item, and how its errors map to retry, back-off or give up. */
class SlackDelivery {
  constructor(private readonly o: OutboxDeliveryOptions) {}

  private resolveId(id: string): string | undefined {
    return resolveProvisionalId(this.o.repo, id);
  }

  async attempt(payload: OutboxPayload, attempts: number): Promise<Attempt> {
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
    return backoffMs(attempts, this.o.retryBaseMs, this.o.retryMaxMs);
  }

  private healthy(channel: string): void {
    this.o.onProblem(channel, undefined);
    this.o.onProblem('*', undefined);
  }
}

function methodOf(p: OutboxPayload): string {
  return p.kind === 'post' ? 'postMessage' : p.kind === 'update' ? 'update' : 'postEphemeral';
}
