/** Persisted token buckets (per principal, channel, tool), so a restart does not reset a flood. */
export interface RateBucketRepository {
  /**
   * Takes one token from `key`'s bucket (capacity `capacity`, refilled at `refillPerSecond`), atomically.
   * Returns the tokens left, or -1 when the bucket was empty (the call is refused).
   */
  take(key: string, capacity: number, refillPerSecond: number, nowMs: number): number;
  /**
   * Takes one token from each bucket in order, in one transaction, and stops at the first empty one.
   * Returns the index of that bucket, or -1 when every bucket gave a token.
   */
  takeEach(buckets: readonly BucketSpec[], nowMs: number): number;
}

export interface BucketSpec {
  readonly key: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
}
