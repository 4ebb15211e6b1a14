import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WatchkeeperError, type Clock, type Logger, type Store } from '../core/index.js';
import { applyMigrations } from './apply-migrations.js';
import { SqliteAgentVersionRepository } from './agent-version-repository.js';
import { SqliteAutonomyRepository } from './autonomy-repository.js';
import { SqliteApprovalRepository } from './approval-repository.js';
import { SqliteAuditRepository } from './audit-repository.js';
import { SqliteIdentityRepository } from './identity-repository.js';
import { SqliteInboxRepository } from './inbox-repository.js';
import { SqliteIncidentRepository } from './incident-repository.js';
import { SqliteKeyValueRepository } from './kv-repository.js';
import { SqliteMemoryRepository } from './memory-repository.js';
import { SqliteMessageLinkRepository } from './message-link-repository.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteOutboxRepository } from './outbox-repository.js';
import { SqliteRunRepository } from './run-repository.js';
import { SqliteSandboxStateRepository } from './sandbox-state-repository.js';
import { SqliteSubscriptionRepository } from './subscription-repository.js';
import { SqliteTotpRepository } from './totp-repository.js';
import { SqliteRateBucketRepository } from './rate-bucket-repository.js';
import { SqliteTicketRepository } from './ticket-repository.js';
import { SqlitePlaybookRevisionRepository } from './playbook-revision-repository.js';

export interface SqliteStoreOptions {
  /** File path, or `':memory:'` for a private in-memory database (tests). */
  readonly path: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Size budget in bytes: SQLite refuses to grow the file past it, and a write that needs more fails
   * with STORE_FULL and leaves nothing half-written (its transaction rolls back).
   */
  readonly maxBytes?: number;
}

/**
 * Opens (creating if needed) the one SQLite database behind every repository and brings its schema up
 * to date. WAL + `synchronous = NORMAL` survives a process crash without losing a committed
 * transaction, which is the durability we promise; a power loss may lose the last few commits.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const logger = options.logger.child('store');
  const inMemory = options.path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(options.path)), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(options.path);
  } catch (err) {
    throw new WatchkeeperError('STORE_FAILED', `cannot open database ${options.path}`, undefined, {
      cause: err,
    });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    applyMigrations(db, MIGRATIONS, logger);
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
  } catch (err) {
    db.close();
    throw err instanceof WatchkeeperError
      ? err
      : new WatchkeeperError('STORE_FAILED', `cannot prepare database ${options.path}`, undefined, {
          cause: err,
        });
  }
  logger.debug('store opened', { path: options.path });

  return {
    inbox: new SqliteInboxRepository(db),
    incidents: new SqliteIncidentRepository(db),
    runs: new SqliteRunRepository(db),
    approvals: new SqliteApprovalRepository(db),
    audit: new SqliteAuditRepository(db),
    memory: new SqliteMemoryRepository(db),
    subscriptions: new SqliteSubscriptionRepository(db),
    messageLinks: new SqliteMessageLinkRepository(db),
    identities: new SqliteIdentityRepository(db),
    sandbox: new SqliteSandboxStateRepository(db, options.clock),
    kv: new SqliteKeyValueRepository(db),
    outbox: new SqliteOutboxRepository(db),
    autonomy: new SqliteAutonomyRepository(db),
    agentVersions: new SqliteAgentVersionRepository(db),
    tickets: new SqliteTicketRepository(db),
    totp: new SqliteTotpRepository(db),
    rateBuckets: new SqliteRateBucketRepository(db),
    playbookRevisions: new SqlitePlaybookRevisionRepository(db),
    transaction: <T>(fn: () => T): T => {
      try {
        return db.transaction(fn)();
      } catch (err) {
        throw storeFull(err) ?? err;
      }
    },
    onlineBackup: (target, progress) => db.backup(target, { progress }),
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** SQLite's "database or disk is full" as a coded error callers can answer (507) instead of a 500. */
function storeFull(err: unknown): WatchkeeperError | undefined {
  if (!(err instanceof Error) || (err as { code?: unknown }).code !== 'SQLITE_FULL') return undefined;
  return new WatchkeeperError(
    'STORE_FULL',
    'the database is full (its size budget WATCHKEEPER_DB_MAX_MB, or the disk): nothing of this change was stored',
    undefined,
    { cause: err },
  );
}
