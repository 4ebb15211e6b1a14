import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SCRATCH_LIST_LIMIT, type MemoryHit, type MemoryRepository } from '../core/index.js';
import { toFtsQuery } from './fts-query.js';

interface HitRow {
  id: string;
  kind: string;
  text: string;
  incident_id: string | null;
  rank: number;
}

/**
 * Long-term memory indexed with FTS5 (porter stemming), searched best-first by BM25, plus the
 * per-conversation scratchpad. `score` is the negated BM25 rank, so higher means more similar.
 */
export class SqliteMemoryRepository implements MemoryRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly searchStmt: Database.Statement<[string, number], HitRow>;
  private readonly scratchGetStmt: Database.Statement<[string, string], { value: string }>;
  private readonly scratchSetStmt: Database.Statement<[string, string, string, string]>;
  private readonly scratchListStmt: Database.Statement<[string, number], { key: string; value: string }>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      'INSERT INTO memory (id, kind, text, incident_id, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.searchStmt = db.prepare(
      `SELECT m.id, m.kind, m.text, m.incident_id, bm25(memory_fts) AS rank
       FROM memory_fts JOIN memory m ON m.n = memory_fts.rowid
       WHERE memory_fts MATCH ? ORDER BY rank, m.n DESC LIMIT ?`,
    );
    this.scratchGetStmt = db.prepare('SELECT value FROM scratchpad WHERE conversation_key = ? AND key = ?');
    this.scratchSetStmt = db.prepare(
      `INSERT INTO scratchpad (conversation_key, key, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation_key, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.scratchListStmt = db.prepare(
      `SELECT key, value FROM scratchpad WHERE conversation_key = ?
       ORDER BY updated_at DESC, key LIMIT ?`,
    );
  }

  add(entry: { kind: string; text: string; incidentId?: string; at: string }): string {
    const id = randomUUID();
    this.insertStmt.run(id, entry.kind, entry.text, entry.incidentId ?? null, entry.at);
    return id;
  }

  /** Never throws on odd user text: the query is sanitised into quoted terms first. */
  search(text: string, k: number): MemoryHit[] {
    const query = toFtsQuery(text);
    if (query === undefined || k <= 0) return [];
    return this.searchStmt.all(query, Math.floor(k)).map((row) => ({
      id: row.id,
      kind: row.kind,
      text: row.text,
      score: -row.rank,
      ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    }));
  }

  scratchGet(conversationKey: string, key: string): string | undefined {
    return this.scratchGetStmt.get(conversationKey, key)?.value;
  }

  scratchSet(conversationKey: string, key: string, value: string, at: string): void {
    this.scratchSetStmt.run(conversationKey, key, value, at);
  }

  scratchList(conversationKey: string): Record<string, string> {
    const rows = this.scratchListStmt.all(conversationKey, SCRATCH_LIST_LIMIT);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
