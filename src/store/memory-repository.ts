import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  SCRATCH_LIST_LIMIT,
  type CandidateQuery,
  type MemoryCandidate,
  type MemoryHit,
  type MemoryRecord,
  type MemoryRepository,
  type MemoryTerms,
} from '../core/index.js';
import { toFtsQuery, toTermsQuery } from './fts-query.js';

interface HitRow {
  id: string;
  kind: string;
  text: string;
  incident_id: string | null;
  rank: number;
}

interface RecordRow {
  n: number;
  id: string;
  kind: string;
  text: string;
  incident_id: string | null;
  title: string | null;
  component: string | null;
  created_at: string;
}

interface CandidateRow extends RecordRow {
  t_title: string;
  t_body: string;
  t_idents: string;
  rank: number;
}

const RECORD_COLUMNS = `m.n, m.id, m.kind, m.text, m.incident_id, m.title, m.component,
  COALESCE(m.created_at, m.at) AS created_at`;

function toRecord(row: RecordRow): Omit<MemoryRecord, 'terms'> {
  return {
    n: row.n,
    id: row.id,
    kind: row.kind,
    text: row.text,
    createdAt: row.created_at,
    ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    ...(row.title === null ? {} : { title: row.title }),
    ...(row.component === null ? {} : { component: row.component }),
  };
}

/**
 * Long-term memory in SQLite: `memory_fts` (porter stemming) for plain text search, and
 * `memory_terms_fts` over terms the memory module has normalised (title, body, identifiers) for
 * similarity search; plus the per-conversation scratchpad. Scores are negated BM25 ranks, so higher
 * means more similar.
 */
export class SqliteMemoryRepository implements MemoryRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly insertTermsStmt: Database.Statement<unknown[]>;
  private readonly searchStmt: Database.Statement<[string, number], HitRow>;
  private readonly vocabStmt: Database.Statement<[], { term: string; doc: number }>;
  private readonly totalStmt: Database.Statement<[], { total: number }>;
  private readonly unindexedStmt: Database.Statement<[number], RecordRow>;
  private readonly scratchGetStmt: Database.Statement<[string, string], { value: string }>;
  private readonly scratchSetStmt: Database.Statement<[string, string, string, string]>;
  private readonly scratchListStmt: Database.Statement<[string, number], { key: string; value: string }>;
  private readonly candidateStmts = new Map<string, Database.Statement<unknown[], CandidateRow>>();

  constructor(private readonly db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO memory (id, kind, text, incident_id, at, title, component, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.insertTermsStmt = db.prepare(
      'INSERT OR REPLACE INTO memory_terms (n, title, body, idents) VALUES (?, ?, ?, ?)',
    );
    this.searchStmt = db.prepare(
      `SELECT m.id, m.kind, m.text, m.incident_id, bm25(memory_fts) AS rank
       FROM memory_fts JOIN memory m ON m.n = memory_fts.rowid
       WHERE memory_fts MATCH ? ORDER BY rank, m.n DESC LIMIT ?`,
    );
    this.vocabStmt = db.prepare('SELECT term, doc FROM memory_terms_vocab');
    this.totalStmt = db.prepare('SELECT count(*) AS total FROM memory_terms');
    this.unindexedStmt = db.prepare(
      `SELECT ${RECORD_COLUMNS} FROM memory m LEFT JOIN memory_terms t ON t.n = m.n
       WHERE t.n IS NULL ORDER BY m.n LIMIT ?`,
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
    this.insertStmt.run(id, entry.kind, entry.text, entry.incidentId ?? null, entry.at, null, null, null);
    return id;
  }

  addRecord(entry: Omit<MemoryRecord, 'n'> & { at: string }): boolean {
    const result = this.insertStmt.run(
      entry.id,
      entry.kind,
      entry.text,
      entry.incidentId ?? null,
      entry.at,
      entry.title ?? null,
      entry.component ?? null,
      entry.createdAt,
    );
    if (result.changes === 0) return false;
    this.setTerms(Number(result.lastInsertRowid), entry.terms);
    return true;
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

  candidates(query: CandidateQuery): MemoryCandidate[] {
    const match = toTermsQuery(query.terms, query.allOf);
    if (match === undefined || query.limit <= 0) return [];
    const filters = [
      ...(query.kind === undefined ? [] : ['f.kind = ?']),
      ...(query.before === undefined ? [] : ['COALESCE(f.created_at, f.at) < ?']),
      ...(query.excludeId === undefined ? [] : ['f.id <> ?']),
    ];
    // Rank first over the index alone (plus the filter columns), then read the few winners' rows.
    const sql = `SELECT ${RECORD_COLUMNS}, t.title AS t_title, t.body AS t_body, t.idents AS t_idents, c.rank
      FROM (
        SELECT memory_terms_fts.rowid AS n,
          ${query.newestFirst === true ? '0' : 'bm25(memory_terms_fts, ?, ?, ?)'} AS rank FROM memory_terms_fts
        ${filters.length === 0 ? '' : 'JOIN memory f ON f.n = memory_terms_fts.rowid'}
        WHERE memory_terms_fts MATCH ? ${filters.map((f) => `AND ${f}`).join(' ')}
        ORDER BY ${query.newestFirst === true ? '' : 'rank, '}memory_terms_fts.rowid DESC LIMIT ?
      ) c JOIN memory m ON m.n = c.n JOIN memory_terms t ON t.n = c.n
      ORDER BY c.rank, c.n DESC`;
    let stmt = this.candidateStmts.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[], CandidateRow>(sql);
      this.candidateStmts.set(sql, stmt);
    }
    const params = [
      ...(query.newestFirst === true ? [] : query.weights),
      match,
      ...(query.kind === undefined ? [] : [query.kind]),
      ...(query.before === undefined ? [] : [query.before]),
      ...(query.excludeId === undefined ? [] : [query.excludeId]),
      Math.floor(query.limit),
    ];
    return stmt.all(...params).map((row) => ({
      ...toRecord(row),
      terms: { title: row.t_title, body: row.t_body, idents: row.t_idents },
      bm25: -row.rank,
    }));
  }

  termStatistics(): { total: number; df: Map<string, number> } {
    const df = new Map<string, number>();
    for (const row of this.vocabStmt.iterate()) df.set(row.term, row.doc);
    return { total: this.totalStmt.get()?.total ?? 0, df };
  }

  unindexed(limit: number): Omit<MemoryRecord, 'terms'>[] {
    return this.unindexedStmt.all(Math.floor(limit)).map(toRecord);
  }

  setTerms(n: number, terms: MemoryTerms): void {
    this.insertTermsStmt.run(n, terms.title, terms.body, terms.idents);
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
