/**
 * Per-target circuit breaker: after `threshold` consecutive failures on one target, calls to it are
 * refused for `cooldownMs`; then one trial call is let through (half-open). It protects a struggling
 * service from a storm of retries by the bot itself.
 */
export class CircuitBreaker {
  private readonly targets = new Map<string, { failures: number; openedAt: number | null }>();

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number,
  ) {}

  /** Whether a call to `target` may go ahead now. */
  allows(target: string): boolean {
    const t = this.targets.get(target);
    if (t?.openedAt === null || t === undefined) return true;
    if (this.now() - t.openedAt >= this.cooldownMs) {
      t.openedAt = null; // half-open: one trial; a failure re-opens at once
      t.failures = this.threshold - 1;
      return true;
    }
    return false;
  }

  succeeded(target: string): void {
    this.targets.delete(target);
  }

  failed(target: string): void {
    const t = this.targets.get(target) ?? { failures: 0, openedAt: null };
    t.failures += 1;
    if (t.failures >= this.threshold) t.openedAt = this.now();
    this.targets.set(target, t);
  }
}
