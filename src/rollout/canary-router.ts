import { createHash } from 'node:crypto';
import type { VersionRouting } from '../core/index.js';

/**
 * A key's position in [0, 1): the first 48 bits of its SHA-256. The same fingerprint always lands in
 * the same place, so an incident (and every re-fire of its alert group) stays with one version, and
 * raising the canary share only moves incidents from stable to canary, never back and forth.
 */
export function bucketOf(key: string): number {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The version a key goes to: the canary when its bucket falls below the canary share. */
export function routeVersion(
  routing: VersionRouting,
  key: string,
): { version: string; role: 'stable' | 'canary'; bucket: number } {
  const bucket = bucketOf(key);
  if (routing.canary !== undefined && bucket < routing.canaryShare)
    return { version: routing.canary, role: 'canary', bucket };
  return { version: routing.stable, role: 'stable', bucket };
}
