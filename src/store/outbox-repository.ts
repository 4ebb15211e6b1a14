import type Database from 'better-sqlite3';
import type { OutboxItem, OutboxRepository, OutboxStatus } from '../core/index.js';

interface ItemRow {
  id: number;
  platform: string;
  channel: string;
  kind: string;
  payload: string;
  attempts: number;
  not_before: string;
  created_at: string;
}

/**
 * The chat adapters' durable outbox and inbound receipts. A message is committed here before any
 * attempt to send it, so a crash or a platform outage delays it but never loses it.
 */
export class SqliteOutboxRepository implements OutboxRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly byIdStmt: Database.Statement<[number], ItemRow>;
  private readonly pendingStmt: Database.Statement<[string], ItemRow>;
  private readonly sentStmt: Database.Statement<unknown[]>;
  private readonly failedStmt: Database.Statement<unknown[]>;
  private readonly rescheduleStmt: Database.Statement<unknown[]>;
  private readonly statusStmt: Database.Statement<
    [number],
    { status: OutboxStatus; result: string | null; error: string | null }
  >;
  private readonly claimStmt: Database.Statement<[string, string]>;
  private readonly pruneStmt: Database.Statement<[string, string, string]>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO chat_outbox (platform, channel, kind, payload, not_before, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const columns = 'id, platform, channel, kind, payload, attempts, not_before, created_at';
    this.byIdStmt = db.prepare(`SELECT ${columns} FROM chat_outbox WHERE id = ?`);
    this.pendingStmt = db.prepare(
      `SELECT ${columns} FROM chat_outbox WHERE platform = ? AND status = 'pending' ORDER BY id`,
    );
    this.sentStmt = db.prepare(
      `UPDATE chat_outbox SET status = 'sent', result = ?, error = NULL, done_at = ? WHERE id = ?`,
    );
    this.failedStmt = db.prepare(
      `UPDATE chat_outbox SET status = 'failed', error = ?, done_at = ? WHERE id = ?`,
    );
    this.rescheduleStmt = db.prepare(
      `UPDATE chat_outbox SET attempts = ?, not_before = ?, error = ? WHERE id = ? AND status = 'pending'`,
    );
    this.statusStmt = db.prepare('SELECT status, result, error FROM chat_outbox WHERE id = ?');
    this.claimStmt = db.prepare(
      'INSERT INTO chat_inbound_receipts (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
    );
    this.pruneStmt = db.prepare(
      'DELETE FROM chat_inbound_receipts WHERE at < ? AND substr(key, 1, length(?)) = ?',
    );
  }

  enqueue(input: {
    platform: string;
    channel: string;
    kind: string;
    payload: unknown;
    at: string;
  }): OutboxItem {
    const info = this.insertStmt.run(
      input.platform,
      input.channel,
      input.kind,
      JSON.stringify(input.payload),
      input.at,
      input.at,
    );
    return toItem(this.byIdStmt.get(Number(info.lastInsertRowid)) as ItemRow);
  }

  pending(platform: string): OutboxItem[] {
    return this.pendingStmt.all(platform).map(toItem);
  }

  markSent(id: number, result: string | null, at: string): void {
    this.sentStmt.run(result, at, id);
  }

  markFailed(id: number, error: string, at: string): void {
    this.failedStmt.run(error, at, id);
  }

  reschedule(id: number, attempts: number, notBefore: string, error: string): void {
    this.rescheduleStmt.run(attempts, notBefore, error, id);
  }

  get(id: number): { status: OutboxStatus; result: string | null; error: string | null } | undefined {
    return this.statusStmt.get(id);
  }

  claimInbound(key: string, at: string): boolean {
    return this.claimStmt.run(key, at).changes === 1;
  }

  pruneInbound(prefix: string, before: string): number {
    return this.pruneStmt.run(before, prefix, prefix).changes;
  }
}

function toItem(row: ItemRow): OutboxItem {
  return {
    id: row.id,
    platform: row.platform,
    channel: row.channel,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    notBefore: row.not_before,
    createdAt: row.created_at,
  };
}
