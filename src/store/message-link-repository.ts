import type Database from 'better-sqlite3';
import type { MessageLinkRepository, MessageRef } from '../core/index.js';

interface LinkRow {
  platform: string;
  channel: string;
  thread: string | null;
  message_id: string;
}

/**
 * Remembers which chat messages show a domain object (`incident:INC-3`), so later changes update
 * those messages instead of posting new ones. Linking the same message twice is a no-op.
 */
export class SqliteMessageLinkRepository implements MessageLinkRepository {
  private readonly linkStmt: Database.Statement<unknown[]>;
  private readonly findStmt: Database.Statement<[string], LinkRow>;

  constructor(db: Database.Database) {
    this.linkStmt = db.prepare(
      `INSERT INTO message_links (key, platform, channel, thread, message_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.findStmt = db.prepare(
      'SELECT platform, channel, thread, message_id FROM message_links WHERE key = ? ORDER BY n',
    );
  }

  link(key: string, ref: MessageRef): void {
    this.linkStmt.run(key, ref.platform, ref.conversation.channel, ref.conversation.thread ?? null, ref.id);
  }

  find(key: string): MessageRef[] {
    return this.findStmt.all(key).map((row) => ({
      platform: row.platform,
      conversation: {
        platform: row.platform,
        channel: row.channel,
        ...(row.thread === null ? {} : { thread: row.thread }),
      },
      id: row.message_id,
    }));
  }
}
