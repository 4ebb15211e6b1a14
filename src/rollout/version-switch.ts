import { WatchkeeperError, type VersionRouting } from '../core/index.js';

/**
 * `promote`: the canary becomes stable and the old stable is no longer routed. `rollback`: the canary
 * stops receiving new incidents (incidents it already has keep it). Refuses with CONFLICT when there
 * is no canary to promote or roll back.
 */
export function switchVersion(routing: VersionRouting, action: 'promote' | 'rollback'): VersionRouting {
  if (routing.canary === undefined) {
    throw new WatchkeeperError('CONFLICT', `there is no canary to ${action} (stable is ${routing.stable})`);
  }
  return action === 'promote'
    ? { stable: routing.canary, canaryShare: 0 }
    : { stable: routing.stable, canaryShare: 0 };
}
