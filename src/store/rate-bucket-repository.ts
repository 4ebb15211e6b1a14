import type Database from 'better-sqlite3';
import type { BucketSpec, RateBucketRepository } from '../core/index.js';

/** Token buckets in SQLite: refill and take happen in one transaction, so they survive restarts. */
export class SqliteRateBucketRepository implements RateBucketRepository {
  private readonly takeTx: (key: string, capacity: number, refill: number, nowMs: number) => number;
  private readonly takeEachTx: (buckets: readonly BucketSpec[], nowMs: number) => number;

  constructor(db: Database.Database) {
    const get = db.prepare<[string], { tokens: number; updated_ms: number }>(
      'SELECT tokens, updated_ms FROM rate_buckets WHERE key = ?',
    );
    const put = db.prepare<[string, number, number]>(
      `INSERT INTO rate_buckets (key, tokens, updated_ms) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_ms = excluded.updated_ms`,
    );
    this.takeTx = db.transaction((key: string, capacity: number, refill: number, nowMs: number) => {
      const row = get.get(key);
      const elapsed = row === undefined ? 0 : Math.max(0, nowMs - row.updated_ms) / 1000;
      const tokens = Math.min(capacity, (row?.tokens ?? capacity) + elapsed * refill);
      if (tokens < 1) {
        put.run(key, tokens, nowMs);
        return -1;
      }
      put.run(key, tokens - 1, nowMs);
      return tokens - 1;
    });
    // One commit for all of a command's buckets (principal, channel): each commit is a WAL write.
    this.takeEachTx = db.transaction((buckets: readonly BucketSpec[], nowMs: number) =>
      buckets.findIndex((b) => this.takeTx(b.key, b.capacity, b.refillPerSecond, nowMs) < 0),
    );
  }

  takeEach(buckets: readonly BucketSpec[], nowMs: number): number {
    return this.takeEachTx(buckets, nowMs);
  }

  take(key: string, capacity: number, refillPerSecond: number, nowMs: number): number {
    return this.takeTx(key, capacity, refillPerSecond, nowMs);
  }
}
