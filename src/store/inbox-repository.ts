import type Database from 'better-sqlite3';
import type { InboxRepository, Signal, SignalDraft } from '../core/index.js';
import { fromJson, toJson } from './json-column.js';
import { timeOrderedUuid } from './time-ordered-id.js';

/** A row of `inbox`, as better-sqlite3 returns it. */
export interface SignalRow {
  id: string;
  source: string;
  kind: Signal['kind'];
  status: Signal['status'];
  severity: Signal['severity'];
  fingerprint: string;
  group_key: string;
  labels: string;
  annotations: string;
  summary: string;
  starts_at: string;
  received_at: string;
  raw: string;
}

/** Maps an inbox row back to the Signal that was stored. */
export function rowToSignal(row: SignalRow): Signal {
  return {
    id: row.id,
    source: row.source,
    kind: row.kind,
    status: row.status,
    severity: row.severity,
    fingerprint: row.fingerprint,
    groupKey: row.group_key,
    labels: fromJson<Record<string, string>>(row.labels),
    annotations: fromJson<Record<string, string>>(row.annotations),
    summary: row.summary,
    startsAt: row.starts_at,
    receivedAt: row.received_at,
    raw: fromJson<unknown>(row.raw),
  };
}

const SIGNAL_COLUMNS = `id, source, kind, status, severity, fingerprint, group_key, labels, annotations, summary,
  starts_at, received_at, raw`;

/**
 * Prepares the insert shared by the inbox and by `attachSignal` (which stores a signal the inbox has
 * not seen). Existing ids are left alone so re-processing after a crash is harmless.
 */
export function prepareSignalInsert(
  db: Database.Database,
): (signal: Signal, incidentId: string | null) => void {
  const stmt = db.prepare(
    `INSERT INTO inbox (${SIGNAL_COLUMNS}, processed, incident_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
  );
  return (s, incidentId) => {
    stmt.run(
      s.id,
      s.source,
      s.kind,
      s.status,
      s.severity,
      s.fingerprint,
      s.groupKey,
      toJson(s.labels),
      toJson(s.annotations),
      s.summary,
      s.startsAt,
      s.receivedAt,
      toJson(s.raw),
      incidentId === null ? 0 : 1,
      incidentId,
    );
  };
}

/**
 * The durable inbox: every inbound signal is committed here before the source gets its 2xx, and
 * signals not yet folded into an incident are found again after a crash.
 */
export class SqliteInboxRepository implements InboxRepository {
  private readonly insert: (signal: Signal, incidentId: string | null) => void;
  private readonly insertAll: (drafts: readonly SignalDraft[], receivedAt: string) => Signal[];
  private readonly getStmt: Database.Statement<[string], SignalRow>;
  private readonly unprocessedStmt: Database.Statement<[number], SignalRow>;
  private readonly unprocessedAfterStmt: Database.Statement<[number, number], SignalRow & { seq: number }>;
  private readonly unprocessedCountStmt: Database.Statement<[], { n: number }>;
  private readonly markStmt: Database.Statement<[string | null, string]>;
  private readonly countStmt: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    this.insert = prepareSignalInsert(db);
    this.insertAll = db.transaction((drafts: readonly SignalDraft[], receivedAt: string): Signal[] => {
      const out: Signal[] = [];
      for (const draft of drafts) {
        const signal: Signal = { ...draft, id: timeOrderedUuid(), receivedAt };
        this.insert(signal, null);
        out.push(signal);
      }
      return out;
    });
    this.getStmt = db.prepare(`SELECT ${SIGNAL_COLUMNS} FROM inbox WHERE id = ?`);
    this.unprocessedStmt = db.prepare(
      `SELECT ${SIGNAL_COLUMNS} FROM inbox WHERE processed = 0 ORDER BY seq LIMIT ?`,
    );
    this.unprocessedAfterStmt = db.prepare(
      `SELECT seq, ${SIGNAL_COLUMNS} FROM inbox WHERE processed = 0 AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.unprocessedCountStmt = db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed = 0');
    this.markStmt = db.prepare('UPDATE inbox SET processed = 1, incident_id = ? WHERE id = ?');
    this.countStmt = db.prepare('SELECT COUNT(*) AS n FROM inbox');
  }

  addAll(drafts: readonly SignalDraft[], receivedAt: string): Signal[] {
    if (drafts.length === 0) return [];
    return this.insertAll(drafts, receivedAt);
  }

  get(id: string): Signal | undefined {
    const row = this.getStmt.get(id);
    return row === undefined ? undefined : rowToSignal(row);
  }

  unprocessed(limit: number): Signal[] {
    return this.unprocessedStmt.all(limit).map(rowToSignal);
  }

  unprocessedAfter(seq: number, limit: number): { seq: number; signal: Signal }[] {
    return this.unprocessedAfterStmt
      .all(seq, limit)
      .map((row) => ({ seq: row.seq, signal: rowToSignal(row) }));
  }

  unprocessedCount(): number {
    return this.unprocessedCountStmt.get()?.n ?? 0;
  }

  markProcessed(id: string, incidentId: string | null): void {
    this.markStmt.run(incidentId, id);
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }
}
