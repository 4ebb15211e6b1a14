import type { Clock, KeyValueRepository } from '../core/index.js';

/**
 * The daily token budget for model calls, kept in the key-value store so it survives restarts and is
 * shared by every planner in the process. Days are UTC. A budget of 0 means no limit.
 */
export class TokenBudget {
  constructor(
    private readonly kv: KeyValueRepository,
    private readonly clock: Clock,
    readonly dailyLimit: number,
  ) {}

  private key(): string {
    return `planner.tokens.${this.clock.now().toISOString().slice(0, 10)}`;
  }

  spentToday(): number {
    const n = Number(this.kv.get(this.key()) ?? '0');
    return Number.isFinite(n) ? n : 0;
  }

  exhausted(): boolean {
    return this.dailyLimit > 0 && this.spentToday() >= this.dailyLimit;
  }

  /** Records spent tokens; returns today's total. */
  spend(tokens: number): number {
    const total = this.spentToday() + Math.max(0, Math.round(tokens));
    this.kv.set(this.key(), String(total));
    return total;
  }
}
