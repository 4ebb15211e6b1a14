import type Database from 'better-sqlite3';
import { WatchkeeperError, type Logger } from '../core/index.js';
import type { Migration } from './migrations.js';

/**
 * Brings a database up to the newest schema: runs every migration whose version is above
 * `PRAGMA user_version`, in order, each in one transaction together with the version bump, so a crash
 * never leaves a half-applied migration. Returns the versions it applied (empty when up to date).
 * Refuses a database written by a newer Watchkeeper rather than guessing.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly Migration[],
  logger: Logger,
): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new WatchkeeperError(
        'STORE_FAILED',
        `migrations must be numbered 1..n without gaps; found ${m.version}`,
      );
    }
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = sorted.length;
  if (current > newest) {
    throw new WatchkeeperError(
      'STORE_FAILED',
      `database schema version ${current} is newer than this build knows (${newest})`,
    );
  }
  const applied: number[] = [];
  for (const migration of sorted) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    logger.info('migration applied', { version: migration.version, name: migration.name });
    applied.push(migration.version);
  }
  return applied;
}
