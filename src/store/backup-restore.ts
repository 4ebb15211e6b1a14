import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WatchkeeperError, type AuditEntry, type AuditVerification } from '../core/index.js';
import { SqliteAuditRepository } from './audit-repository.js';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** What `backupDatabase` recorded about a backup. */
export interface BackupManifest {
  readonly format: string;
  readonly publicKey: string;
  readonly createdAt: string;
  readonly schemaVersion: number;
  readonly auditEntries: number;
  readonly incidents: number;
}

/** A backup opened read-only: its manifest and its ledger, for verification. */
export interface BackupReader {
  readonly manifest: BackupManifest;
  auditEntries(): Iterable<AuditEntry>;
  /** Row count of a table in the backup (0 when it has none). */
  count(table: string): number;
  close(): void;
}

/** Whether a file is an SQLite database (a backup) rather than a JSONL export. */
export function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    return n === 16 && head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/** Opens a backup read-only; NOT_FOUND / VALIDATION_FAILED when it is not a Watchkeeper backup. */
export function openBackup(file: string): BackupReader {
  if (!existsSync(file)) throw new WatchkeeperError('NOT_FOUND', `no backup file ${file}`);
  if (!isSqliteFile(file)) throw new WatchkeeperError('VALIDATION_FAILED', `${file} is not an SQLite backup`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT key, value FROM backup_manifest').all() as {
      key: string;
      value: string;
    }[];
    const m = new Map(rows.map((r) => [r.key, r.value]));
    const publicKey = m.get('publicKey');
    if (publicKey === undefined || publicKey === '') throw new Error('no public key in the manifest');
    const manifest: BackupManifest = {
      format: m.get('format') ?? '',
      publicKey,
      createdAt: m.get('createdAt') ?? '',
      schemaVersion: Number(m.get('schemaVersion') ?? 0),
      auditEntries: Number(m.get('auditEntries') ?? 0),
      incidents: Number(m.get('incidents') ?? 0),
    };
    const audit = new SqliteAuditRepository(db);
    return {
      manifest,
      auditEntries: () => audit.iterate(),
      count: (table) => {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
        return exists === undefined
          ? 0
          : (db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw new WatchkeeperError('VALIDATION_FAILED', `${file} is not a Watchkeeper backup`, undefined, {
      cause: err,
    });
  }
}

/**
 * Verifies a backup's ledger with the key in its manifest. Besides the chain and signatures, an entry
 * count that differs from the manifest (rows deleted from the end) fails.
 */
export function verifyBackup(
  reader: BackupReader,
  verifyEntries: (entries: Iterable<AuditEntry>, publicKeyPem: string) => AuditVerification,
): AuditVerification {
  const result = verifyEntries(reader.auditEntries(), reader.manifest.publicKey);
  if (!result.ok) return result;
  if (result.count !== reader.manifest.auditEntries) {
    return {
      ok: false,
      count: result.count,
      firstBad: {
        seq: result.count + 1,
        reason: `count mismatch: the manifest says ${reader.manifest.auditEntries}`,
      },
    };
  }
  return result;
}

export interface RestoreOptions {
  readonly backupFile: string;
  readonly dbPath: string;
  /** Replace an existing database (it is kept beside as `<db>.before-restore`). */
  readonly force?: boolean;
  /** The ledger check; a backup that fails it is refused before anything is written. */
  readonly verify: (reader: BackupReader) => AuditVerification;
}

/**
 * Restores a backup into a data directory. Refuses a backup whose ledger does not verify
 * (AUDIT_BROKEN) and an existing database unless `force` (CONFLICT). The copy is prepared beside the
 * target and renamed into place, so an interrupted restore leaves the previous state.
 */
export function restoreDatabase(o: RestoreOptions): {
  manifest: BackupManifest;
  verification: AuditVerification;
} {
  const reader = openBackup(o.backupFile);
  let verification: AuditVerification;
  let manifest: BackupManifest;
  try {
    manifest = reader.manifest;
    verification = o.verify(reader);
  } finally {
    reader.close();
  }
  if (!verification.ok) {
    throw new WatchkeeperError(
      'AUDIT_BROKEN',
      `refusing to restore ${o.backupFile}: audit entry ${verification.firstBad?.seq ?? '?'}: ${verification.firstBad?.reason ?? 'unknown'}`,
      verification,
    );
  }
  const target = resolve(o.dbPath);
  if (existsSync(target) && o.force !== true) {
    throw new WatchkeeperError(
      'CONFLICT',
      `${target} exists; restore into an empty data directory or use --force`,
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = `${target}.restoring`;
  rmSync(staging, { force: true });
  copyFileSync(o.backupFile, staging);
  const db = new Database(staging);
  try {
    db.exec('DROP TABLE IF EXISTS backup_manifest');
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  if (existsSync(target)) {
    // Checkpointed by the owner's close; keep the old file for a human to compare or undo.
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(`${staging}${suffix}`)) renameSync(`${staging}${suffix}`, `${target}${suffix}`);
  }
  return { manifest, verification };
}
