/**
 * Disaster recovery at start-up: cold start from a verified backup, and scheduled snapshots.
 * Part of the composition root (src/app.ts): it may import across modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateSigningKey, publicKeyPemOf, verifyEntries } from '../audit/index.js';
import { type AppConfig } from '../config/index.js';
import {
  BOT_PRINCIPAL_ID,
  WatchkeeperError,
  type AuditLog,
  type AuditReader,
  type Clock,
  type Logger,
  type Store,
} from '../core/index.js';
import { createSnapshotSchedule, restoreDatabase, verifyBackup } from '../store/index.js';

/**
 * Cold start (README "Backup and restore"): with WATCHKEEPER_RESTORE_FROM set and no database yet, the
 * backup is restored first. Refused unless its ledger verifies and the installation's signing key is
 * the one that signed it (otherwise the restored chain could not be extended).
 */
export function bootstrapFromBackup(config: AppConfig): { from: string; entries: number } | undefined {
  const from = config.raw.WATCHKEEPER_RESTORE_FROM;
  if (from === undefined || existsSync(config.dbPath)) return undefined;
  const key = loadOrCreateSigningKey({
    dataDir: config.dataDir,
    ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
  });
  const { verification } = restoreDatabase({
    backupFile: from,
    dbPath: config.dbPath,
    verify: (reader) => {
      if (publicKeyPemOf(key).trim() !== reader.manifest.publicKey.trim())
        throw new WatchkeeperError(
          'CONFIG_INVALID',
          `${from} was signed by another audit key than this installation's`,
        );
      return verifyBackup(reader, verifyEntries);
    },
  });
  return { from, entries: verification.count };
}

/** Scheduled online snapshots with retention, each one audited. */
export function createSnapshots(
  config: AppConfig,
  store: Store,
  audit: AuditLog & AuditReader,
  clock: Clock,
  logger: Logger,
) {
  const minutes = config.raw.WATCHKEEPER_BACKUP_INTERVAL_MINUTES;
  if (minutes <= 0) return undefined;
  return createSnapshotSchedule({
    dbPath: config.dbPath,
    dir: config.raw.WATCHKEEPER_BACKUP_DIR ?? join(config.dataDir, 'backups'),
    intervalMs: minutes * 60_000,
    keep: config.raw.WATCHKEEPER_BACKUP_KEEP,
    publicKeyPem: audit.publicKeyPem(),
    ...(store.onlineBackup === undefined ? {} : { online: store.onlineBackup }),
    logger: logger.child('backup'),
    now: () => clock.now(),
    onSnapshot: (r, pruned) =>
      audit.append({
        kind: 'system',
        actor: BOT_PRINCIPAL_ID,
        data: { event: 'snapshot', file: r.file, bytes: r.bytes, auditEntries: r.auditEntries, pruned },
      }),
  });
}
