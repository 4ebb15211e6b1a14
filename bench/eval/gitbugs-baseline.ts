import Database from 'better-sqlite3';

const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * The baseline, kept apart from the product: one FTS5 table (porter stemming) with summary
 * and description columns, BM25 with the summary weighted 3× over the description, every distinct
 * word of the query report ORed. The replay only ever holds earlier reports.
 */
export class BaselineIndex {
  private readonly db = new Database(':memory:');
  private readonly insert;
  private readonly query;

  constructor() {
    this.db.exec(
      `CREATE VIRTUAL TABLE reports USING fts5(id UNINDEXED, summary, description, tokenize = 'porter unicode61')`,
    );
    this.insert = this.db.prepare('INSERT INTO reports (id, summary, description) VALUES (?, ?, ?)');
    this.query = this.db.prepare<[string, number], { id: string }>(
      'SELECT id FROM reports WHERE reports MATCH ? ORDER BY bm25(reports, 0, 3.0, 1.0) LIMIT ?',
    );
  }

  add(id: string, summary: string, description: string): void {
    this.insert.run(id, summary, description);
  }

  search(summary: string, description: string, k: number): string[] {
    const words = new Set(`${summary} ${description}`.toLowerCase().match(WORD) ?? []);
    if (words.size === 0) return [];
    const match = [...words].map((w) => `"${w}"`).join(' OR ');
    return this.query.all(match, k).map((r) => r.id);
  }

  close(): void {
    this.db.close();
  }
}
