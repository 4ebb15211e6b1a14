/**
 * Counts how often a key was seen within a sliding window, keeping at most `maxKeys` keys (the least
 * recently seen are dropped first) and at most `maxPerKey` timestamps each, so an event flood cannot grow
 * memory without bound.
 */
export interface RepetitionCounter {
  /** Records one occurrence at `atMs` and returns the count within the window, this one included. */
  record(key: string, atMs: number): number;
  readonly size: number;
}

export function createRepetitionCounter(options: {
  windowMs: number;
  maxKeys?: number;
  maxPerKey?: number;
}): RepetitionCounter {
  const maxKeys = options.maxKeys ?? 10_000;
  const maxPerKey = options.maxPerKey ?? 1_000;
  const seen = new Map<string, number[]>();
  return {
    record(key, atMs) {
      const times = (seen.get(key) ?? []).filter((t) => atMs - t < options.windowMs && t <= atMs);
      times.push(atMs);
      if (times.length > maxPerKey) times.splice(0, times.length - maxPerKey);
      seen.delete(key);
      seen.set(key, times);
      while (seen.size > maxKeys) {
        const oldest = seen.keys().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
      return times.length;
    },
    get size() {
      return seen.size;
    },
  };
}
