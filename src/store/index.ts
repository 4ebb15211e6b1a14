/** SQLite implementation of the core storage ports; the only module that imports better-sqlite3. */
export { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';
export { applyMigrations } from './apply-migrations.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { toFtsQuery } from './fts-query.js';
export { backupDatabase, type BackupOptions, type BackupResult } from './backup-database.js';
export {
  isSqliteFile,
  openBackup,
  restoreDatabase,
  verifyBackup,
  type BackupManifest,
  type BackupReader,
  type RestoreOptions,
} from './backup-restore.js';
export {
  createSnapshotSchedule,
  pruneSnapshots,
  snapshotName,
  type SnapshotSchedule,
} from './backup-schedule.js';
