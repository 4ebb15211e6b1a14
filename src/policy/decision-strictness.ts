import type { DecisionEffect } from '../core/index.js';

const ORDER: readonly DecisionEffect[] = ['allow', 'approve', 'dry_run_only', 'deny'];

/** How strict an effect is: allow < approve < dry_run_only < deny. */
export function strictness(effect: DecisionEffect): number {
  return ORDER.indexOf(effect);
}
