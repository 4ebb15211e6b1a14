import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger, OnlineBackup } from '../core/index.js';
import { backupDatabase, type BackupResult } from './backup-database.js';

const SNAPSHOT = /^watchkeeper-(\d{8}T\d{6}Z)\.backup\.db$/;

export interface SnapshotScheduleOptions {
  readonly dbPath: string;
  readonly dir: string;
  readonly intervalMs: number;
  /** How many snapshots to keep; older ones are deleted after each new one. */
  readonly keep: number;
  readonly publicKeyPem: string;
  /** The bot's own connection, so its writes never restart a snapshot. */
  readonly online?: OnlineBackup;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Told about each finished snapshot (the app audits it). */
  readonly onSnapshot?: (r: BackupResult, pruned: readonly string[]) => void;
}

export interface SnapshotSchedule {
  start(): void;
  stop(): Promise<void>;
  /** Takes one snapshot now and applies retention. */
  snapshot(): Promise<BackupResult>;
}

/** `watchkeeper-20261126T015500Z.backup.db`: sortable by name, one per second at most. */
export function snapshotName(at: Date): string {
  return `watchkeeper-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.backup.db`;
}

/** Deletes all but the newest `keep` snapshots in `dir`; returns the deleted names. */
export function pruneSnapshots(dir: string, keep: number): string[] {
  const names = readdirSync(dir)
    .filter((n) => SNAPSHOT.test(n))
    .sort();
  const doomed = names.slice(0, Math.max(0, names.length - keep));
  for (const n of doomed) rmSync(join(dir, n), { force: true });
  return doomed;
}

/**
 * Periodic online snapshots with retention by count. One snapshot at a time; a failure is logged and
 * the next tick tries again. The timer is unref'd so it never keeps the process alive.
 */
export function createSnapshotSchedule(o: SnapshotScheduleOptions): SnapshotSchedule {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<BackupResult> | undefined;

  async function snapshot(): Promise<BackupResult> {
    if (running !== undefined) return running;
    running = (async () => {
      mkdirSync(o.dir, { recursive: true });
      const at = o.now();
      const r = await backupDatabase({
        dbPath: o.dbPath,
        target: join(o.dir, snapshotName(at)),
        publicKeyPem: o.publicKeyPem,
        now: () => at,
        ...(o.online === undefined ? {} : { online: o.online }),
      });
      const pruned = pruneSnapshots(o.dir, o.keep);
      o.logger.info('snapshot taken', { file: r.file, bytes: r.bytes, pruned: pruned.length });
      o.onSnapshot?.(r, pruned);
      return r;
    })();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  }

  return {
    start() {
      if (timer !== undefined || o.intervalMs <= 0) return;
      timer = setInterval(() => {
        snapshot().catch((err: unknown) => o.logger.error('snapshot failed', { error: String(err) }));
      }, o.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    snapshot,
  };
}
