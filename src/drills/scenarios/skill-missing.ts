import { WatchkeeperError } from '../../core/index.js';
import type { DrillTarget } from '../drill-target.js';

/**
 * Ingests through a source that a skill brings; a target without it fails the drill with a verdict
 * people understand instead of a stack trace.
 */
export function ingestOrExplain(
  target: DrillTarget,
  source: string,
  skill: string,
  body: unknown,
): { readonly accepted: number } {
  try {
    return target.ingest(source, body);
  } catch (err) {
    if (err instanceof WatchkeeperError && err.code === 'NOT_FOUND')
      throw new WatchkeeperError(
        'NOT_FOUND',
        `${skill} skill not installed: this build has no POST /hooks/${source} source`,
      );
    throw err;
  }
}
