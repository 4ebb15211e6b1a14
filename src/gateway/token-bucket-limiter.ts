import type { Conversation, RateBucketRepository } from '../core/index.js';

export interface BucketLimit {
  /** Burst size. */
  readonly capacity: number;
  /** Sustained rate. */
  readonly perMinute: number;
}

export interface FloodLimits {
  readonly principal: BucketLimit;
  readonly channel: BucketLimit;
}

export type FloodVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly scope: 'principal' | 'channel';
      readonly message: string;
      readonly retryInSeconds: number;
    };

/**
 * Persisted token buckets per principal and per channel (SQLite, so a restart does not reset a flood).
 * A flooding user is told, privately (ephemeral), how long to wait; nothing they sent is run.
 */
export class TokenBucketLimiter {
  constructor(
    private readonly repo: RateBucketRepository,
    private readonly limits: FloodLimits,
    private readonly now: () => number,
  ) {}

  take(principal: string, conversation: Conversation): FloodVerdict {
    const t = this.now();
    const checks = [
      { scope: 'principal' as const, key: `principal:${principal}`, limit: this.limits.principal },
      {
        scope: 'channel' as const,
        key: `channel:${conversation.platform}:${conversation.channel}`,
        limit: this.limits.channel,
      },
    ];
    const refused = this.repo.takeEach(
      checks.map((c) => ({
        key: c.key,
        capacity: c.limit.capacity,
        refillPerSecond: c.limit.perMinute / 60,
      })),
      t,
    );
    const c = checks[refused];
    if (c !== undefined) {
      const refill = c.limit.perMinute / 60;
      const wait = Math.max(1, Math.ceil(1 / refill));
      const who = c.scope === 'principal' ? 'you are' : 'this channel is';
      return {
        ok: false,
        scope: c.scope,
        retryInSeconds: wait,
        message: `slow down: ${who} sending commands faster than ${c.limit.perMinute} per minute (bursts of ${c.limit.capacity}); try again in ${wait}s. Nothing was run.`,
      };
    }
    return { ok: true };
  }
}
