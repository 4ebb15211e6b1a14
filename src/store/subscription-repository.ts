import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Conversation, Subscription, SubscriptionRepository } from '../core/index.js';

interface SubscriptionRow {
  id: string;
  platform: string;
  channel: string;
  thread: string | null;
  filter: string;
  created_by: string;
  created_at: string;
}

function rowToSubscription(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    conversation: {
      platform: row.platform,
      channel: row.channel,
      ...(row.thread === null ? {} : { thread: row.thread }),
    },
    filter: row.filter,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

const COLS = 'id, platform, channel, thread, filter, created_by, created_at';

/** Which channels want which incidents (`!wk subscribe <filter>`), in the order they subscribed. */
export class SqliteSubscriptionRepository implements SubscriptionRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly removeStmt: Database.Statement<[string, string]>;
  private readonly listStmt: Database.Statement<[], SubscriptionRow>;
  private readonly channelStmt: Database.Statement<[string, string], SubscriptionRow>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO subscriptions (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.removeStmt = db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel = ?');
    this.listStmt = db.prepare(`SELECT ${COLS} FROM subscriptions ORDER BY n`);
    this.channelStmt = db.prepare(
      `SELECT ${COLS} FROM subscriptions WHERE platform = ? AND channel = ? ORDER BY n`,
    );
  }

  add(input: { conversation: Conversation; filter: string; createdBy: string; at: string }): Subscription {
    const row: SubscriptionRow = {
      id: randomUUID(),
      platform: input.conversation.platform,
      channel: input.conversation.channel,
      thread: input.conversation.thread ?? null,
      filter: input.filter,
      created_by: input.createdBy,
      created_at: input.at,
    };
    this.insertStmt.run(
      row.id,
      row.platform,
      row.channel,
      row.thread,
      row.filter,
      row.created_by,
      row.created_at,
    );
    return rowToSubscription(row);
  }

  remove(conversation: Conversation): number {
    return this.removeStmt.run(conversation.platform, conversation.channel).changes;
  }

  list(): Subscription[] {
    return this.listStmt.all().map(rowToSubscription);
  }

  forChannel(platform: string, channel: string): Subscription[] {
    return this.channelStmt.all(platform, channel).map(rowToSubscription);
  }
}
