import type Database from 'better-sqlite3';
import {
  WatchkeeperError,
  type AuditEntry,
  type AuditKind,
  type AuditRepository,
  type StoredAuditEntry,
} from '../core/index.js';
import { normaliseIncidentId } from './incident-id.js';
import { fromJsonLenient, toJson } from './json-column.js';

interface AuditRow {
  seq: number;
  at: string;
  kind: AuditKind;
  actor: string;
  incident_id: string | null;
  run_id: string | null;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
  signature: string;
  batch: number;
}

/** Rows are read as stored, even if edited by hand: verification, not parsing, decides what is wrong. */
function rowToEntry(row: AuditRow): AuditEntry {
  const { dataText, ...rest } = rowToStored(row);
  return { ...rest, data: fromJsonLenient(dataText) };
}

function rowToStored(row: AuditRow): StoredAuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    kind: row.kind,
    actor: row.actor,
    ...(row.incident_id === null ? {} : { incidentId: row.incident_id }),
    ...(row.run_id === null ? {} : { runId: row.run_id }),
    ...(row.subject === null ? {} : { subject: row.subject }),
    dataText: row.data,
    prevHash: row.prev_hash,
    ...(row.batch === 0 ? {} : { batch: true as const }),
    hash: row.hash,
    signature: row.signature,
  };
}

/** A row in `COLS` order, as `raw()` statements return it. */
type AuditTuple = [
  seq: number,
  at: string,
  kind: AuditKind,
  actor: string,
  incidentId: string | null,
  runId: string | null,
  subject: string | null,
  data: string,
  prevHash: string,
  hash: string,
  signature: string,
  batch: number,
];

/** `rowToStored` for a raw row, building the object in place (no spreads): verify reads every row. */
function tupleToStored(r: AuditTuple): StoredAuditEntry {
  const e: { -readonly [K in keyof StoredAuditEntry]: StoredAuditEntry[K] } = {
    seq: r[0],
    at: r[1],
    kind: r[2],
    actor: r[3],
    dataText: r[7],
    prevHash: r[8],
    hash: r[9],
    signature: r[10],
  };
  if (r[4] !== null) e.incidentId = r[4];
  if (r[5] !== null) e.runId = r[5];
  if (r[6] !== null) e.subject = r[6];
  if (r[11] !== 0) e.batch = true;
  return e;
}

const COLS = 'seq, at, kind, actor, incident_id, run_id, subject, data, prev_hash, hash, signature, batch';
const PAGE = 500;

/**
 * Raw ledger rows. A trigger refuses any insert that does not extend the chain (next sequence number,
 * linked to the current head), so a stale writer fails loudly instead of forking the ledger.
 */
export class SqliteAuditRepository implements AuditRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly sealStmt: Database.Statement<[string, number]>;
  private readonly lastStmt: Database.Statement<[], AuditRow>;
  private readonly afterStmt: Database.Statement<[number, number], AuditRow>;
  /** The same page as column arrays: verify reads every row, and plain arrays are cheaper to build. */
  private readonly afterRawStmt: Database.Statement<[number, number], unknown[]>;
  private readonly incidentStmt: Database.Statement<[string, string], AuditRow>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO audit (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.sealStmt = db.prepare(`UPDATE audit SET signature = ? WHERE seq = ? AND signature = ''`);
    this.lastStmt = db.prepare(`SELECT ${COLS} FROM audit ORDER BY seq DESC LIMIT 1`);
    this.afterStmt = db.prepare(`SELECT ${COLS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`);
    this.afterRawStmt = db
      .prepare<[number, number], unknown[]>(`SELECT ${COLS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`)
      .raw(true);
    // Entries about the incident itself and about the runs it started (tool calls carry only runId).
    this.incidentStmt = db.prepare(
      `SELECT ${COLS} FROM audit
       WHERE incident_id = ? OR run_id IN (SELECT id FROM runs WHERE incident_id = ?) ORDER BY seq`,
    );
  }

  /** Throws STORE_FAILED with code-level detail `chain` when the entry does not extend the head. */
  insert(entry: AuditEntry, dataText?: string): void {
    try {
      this.insertStmt.run(
        entry.seq,
        entry.at,
        entry.kind,
        entry.actor,
        entry.incidentId ?? null,
        entry.runId ?? null,
        entry.subject ?? null,
        dataText ?? toJson(entry.data),
        entry.prevHash,
        entry.hash,
        entry.signature,
        entry.batch === true ? 1 : 0,
      );
    } catch (err) {
      throw new WatchkeeperError(
        'STORE_FAILED',
        `audit entry ${entry.seq} does not extend the ledger`,
        {
          seq: entry.seq,
        },
        { cause: err },
      );
    }
  }

  seal(seq: number, signature: string): boolean {
    return this.sealStmt.run(signature, seq).changes === 1;
  }

  last(): AuditEntry | undefined {
    const row = this.lastStmt.get();
    return row === undefined ? undefined : rowToEntry(row);
  }

  after(seq: number, limit: number): AuditEntry[] {
    return this.afterStmt.all(seq, limit).map(rowToEntry);
  }

  forIncident(incidentId: string): AuditEntry[] {
    const id = normaliseIncidentId(incidentId);
    return this.incidentStmt.all(id, id).map(rowToEntry);
  }

  /** Pages through the ledger so the connection is never held by an open cursor. */
  *iterate(): IterableIterator<AuditEntry> {
    for (const row of this.rows()) yield rowToEntry(row);
  }

  *iterateStored(): IterableIterator<StoredAuditEntry> {
    let seq = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = this.afterRawStmt.all(seq, PAGE) as AuditTuple[];
      for (const row of page) yield tupleToStored(row);
      const last = page[page.length - 1];
      if (last === undefined || page.length < PAGE) return;
      seq = last[0];
    }
  }

  private *rows(): IterableIterator<AuditRow> {
    let seq = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const page = this.afterStmt.all(seq, PAGE);
      yield* page;
      const last = page[page.length - 1];
      if (last === undefined || page.length < PAGE) return;
      seq = last.seq;
    }
  }
}
