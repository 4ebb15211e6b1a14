/** Samples kept per minute bucket; beyond it new samples overwrite old ones in turn. */
const BUCKET_CAP = 512;
/** Minute buckets kept: the dashboard shows the last hour. */
const KEEP_BUCKETS = 60;

export interface LatencyPoint {
  /** Start of the minute, ISO. */
  readonly at: string;
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly points: readonly LatencyPoint[];
}

/** Nearest-rank percentile of sorted values (`q` in 0..1); null when there are none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? null;
}

interface Bucket {
  readonly minute: number;
  readonly samples: number[];
  count: number;
}

/**
 * Latency samples in per-minute buckets with bounded memory; `observe` is O(1) so the hot path does
 * not pay for the percentiles, which are computed when the dashboard asks.
 */
export class LatencySeries {
  private readonly buckets: Bucket[] = [];
  total = 0;

  observe(seconds: number, at: Date): void {
    const minute = Math.floor(at.getTime() / 60_000);
    let bucket = this.buckets[this.buckets.length - 1];
    if (bucket === undefined || bucket.minute !== minute) {
      bucket = { minute, samples: [], count: 0 };
      this.buckets.push(bucket);
      if (this.buckets.length > KEEP_BUCKETS) this.buckets.shift();
    }
    if (bucket.samples.length < BUCKET_CAP) bucket.samples.push(seconds);
    else bucket.samples[bucket.count % BUCKET_CAP] = seconds;
    bucket.count += 1;
    this.total += 1;
  }

  summary(): LatencySummary {
    const all: number[] = [];
    const points = this.buckets.map((b) => {
      const sorted = [...b.samples].sort((x, y) => x - y);
      all.push(...sorted);
      return {
        at: new Date(b.minute * 60_000).toISOString(),
        count: b.count,
        p50: percentile(sorted, 0.5) ?? 0,
        p95: percentile(sorted, 0.95) ?? 0,
      };
    });
    all.sort((x, y) => x - y);
    return { count: this.total, p50: percentile(all, 0.5), p95: percentile(all, 0.95), points };
  }
}
