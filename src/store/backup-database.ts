import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WatchkeeperError, type OnlineBackup } from '../core/index.js';

/** Pages copied per step at first: 32 × 4 KiB keeps each step (and so each pause of the event loop) short. */
export const DEFAULT_PAGES_PER_STEP = 32;

export interface BackupOptions {
  /** The live database file. */
  readonly dbPath: string;
  /** Where the backup goes; written as `<target>.partial` and renamed when complete. */
  readonly target: string;
  /** The audit ledger's public key (SPKI PEM), stored in the backup so it verifies offline. */
  readonly publicKeyPem: string;
  readonly pagesPerStep?: number;
  /**
   * Copy through this connection (the bot's own, for scheduled snapshots): its writes then never
   * restart the copy. Without it a separate connection is opened (the CLI, another process).
   */
  readonly online?: OnlineBackup;
  /** Told after every step; tests use it to load the database or kill the process mid-backup. */
  readonly onStep?: (p: { totalPages: number; remainingPages: number; pagesPerStep: number }) => void;
  readonly now?: () => Date;
}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
  readonly steps: number;
  /** Times SQLite restarted the copy because another connection wrote to the source meanwhile. */
  readonly restarts: number;
  readonly auditEntries: number;
  readonly incidents: number;
}

/**
 * Online, consistent backup with SQLite's backup API, copied a few pages per step between turns of the
 * event loop, so the bot is never paused for more than one short step. Through the bot's own connection
 * (`online`) its writes are carried into the copy. From another connection (the CLI, another process)
 * a write by the bot makes SQLite restart the copy; each restart doubles the step size, so a busy
 * database still finishes. The bigger steps then cost only the backing-up process: in WAL mode its read
 * never blocks the bot's writes. The file is written as `.partial` and renamed only when complete: a backup
 * killed midway never leaves a file that looks finished, and never touches the live database. The
 * backup is one self-contained SQLite file (journal mode DELETE) with a `backup_manifest` table holding
 * the audit public key, so `audit verify --file` and `restore` need nothing else.
 */
export async function backupDatabase(o: BackupOptions): Promise<BackupResult> {
  const target = resolve(o.target);
  if (!existsSync(dirname(target))) {
    throw new WatchkeeperError('NOT_FOUND', `backup directory ${dirname(target)} does not exist`);
  }
  if (resolve(o.dbPath) === target) {
    throw new WatchkeeperError('CONFLICT', 'the backup file cannot be the live database');
  }
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = o.online === undefined ? new Database(o.dbPath, { fileMustExist: true }) : undefined;
  const copy: OnlineBackup = o.online ?? ((target, progress) => source!.backup(target, { progress }));
  let steps = 0;
  let restarts = 0;
  let pages = 0;
  try {
    source?.pragma('busy_timeout = 5000');
    let rate = o.pagesPerStep ?? DEFAULT_PAGES_PER_STEP;
    let lastRemaining = Number.POSITIVE_INFINITY;
    const progress = await copy(partial, ({ totalPages, remainingPages }) => {
      steps++;
      if (remainingPages > lastRemaining) {
        restarts++;
        rate *= 2;
      }
      lastRemaining = remainingPages;
      o.onStep?.({ totalPages, remainingPages, pagesPerStep: rate });
      return rate;
    });
    pages = progress.totalPages;
  } catch (err) {
    rmSync(partial, { force: true });
    throw new WatchkeeperError('STORE_FAILED', `backup of ${o.dbPath} failed`, undefined, { cause: err });
  } finally {
    source?.close();
  }
  const counts = sealBackup(partial, o.publicKeyPem, (o.now ?? (() => new Date()))(), o.dbPath);
  renameSync(partial, target);
  return { file: target, bytes: statSync(target).size, pages, steps, restarts, ...counts };
}

/** Adds the manifest and makes the copy one self-contained file. */
function sealBackup(
  file: string,
  publicKeyPem: string,
  at: Date,
  source: string,
): { auditEntries: number; incidents: number } {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    // Sequence numbers and incident numbers are gap-free, so max() is the count without a table scan.
    const auditEntries = maxOf(db, 'audit', 'seq');
    const incidents = maxOf(db, 'incidents', 'num');
    const head = db.prepare('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1').pluck().get() as
      string | undefined;
    db.exec('CREATE TABLE IF NOT EXISTS backup_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const put = db.prepare('INSERT OR REPLACE INTO backup_manifest (key, value) VALUES (?, ?)');
    db.transaction(() => {
      put.run('format', 'watchkeeper-backup/1');
      put.run('publicKey', publicKeyPem);
      put.run('createdAt', at.toISOString());
      put.run('source', resolve(source));
      put.run('schemaVersion', String(db.pragma('user_version', { simple: true })));
      put.run('auditEntries', String(auditEntries));
      put.run('auditHead', head ?? '');
      put.run('incidents', String(incidents));
    })();
    return { auditEntries, incidents };
  } finally {
    db.close();
  }
}

function maxOf(db: Database.Database, table: string, column: string): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (exists === undefined) return 0;
  return (db.prepare(`SELECT max(${column}) FROM ${table}`).pluck().get() as number | null) ?? 0;
}
