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

export interface SqliteStoreOptions {
  /** File path, or `':memory:'` for a private in-memory database (tests). */
  readonly path: string;
  readonly clock: Clock;
  readonly logger: Logger;
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
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    onlineBackup: (target, progress) => db.backup(target, { progress }),
    close: () => {
      if (db.open) db.close();
    },
  };
}
