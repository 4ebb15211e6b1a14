import type Database from 'better-sqlite3';
import {
  WatchkeeperError,
  type PlaybookRevision,
  type PlaybookRevisionCause,
  type PlaybookRevisionRepository,
  type PlaybookStep,
} from '../core/index.js';

interface Row {
  playbook_id: string;
  version: number;
  base_version: number;
  steps: string;
  cause: string;
  diff: string;
  requested_by: string;
  approved_by: string;
  incident_id: string | null;
  proposal_id: string | null;
  created_at: string;
}

const COLUMNS =
  'playbook_id, version, base_version, steps, cause, diff, requested_by, approved_by, incident_id, proposal_id, created_at';

/** Playbook versions 2, 3, … per playbook; rows are only ever inserted. */
export class SqlitePlaybookRevisionRepository implements PlaybookRevisionRepository {
  private readonly currentStmt: Database.Statement<[string], Row>;
  private readonly listStmt: Database.Statement<[string], Row>;
  private readonly getStmt: Database.Statement<[string, number], Row>;
  private readonly currentAllStmt: Database.Statement<[], Row>;
  private readonly insert: (r: PlaybookRevision) => void;

  constructor(db: Database.Database) {
    this.currentStmt = db.prepare(
      `SELECT ${COLUMNS} FROM playbook_revisions WHERE playbook_id = ? ORDER BY version DESC LIMIT 1`,
    );
    this.listStmt = db.prepare(
      `SELECT ${COLUMNS} FROM playbook_revisions WHERE playbook_id = ? ORDER BY version`,
    );
    this.getStmt = db.prepare(
      `SELECT ${COLUMNS} FROM playbook_revisions WHERE playbook_id = ? AND version = ?`,
    );
    this.currentAllStmt = db.prepare(
      `SELECT ${COLUMNS} FROM playbook_revisions p WHERE version =
         (SELECT max(version) FROM playbook_revisions q WHERE q.playbook_id = p.playbook_id)
       ORDER BY playbook_id`,
    );
    const latest = db.prepare<[string], { v: number | null }>(
      'SELECT max(version) AS v FROM playbook_revisions WHERE playbook_id = ?',
    );
    const insertStmt = db.prepare(
      `INSERT INTO playbook_revisions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Check-then-insert in one transaction: the next version or nothing (version 1 is the built-in).
    this.insert = db.transaction((r: PlaybookRevision) => {
      const newest = latest.get(r.playbook)?.v ?? 1;
      if (r.version !== newest + 1 || r.baseVersion > newest)
        throw new WatchkeeperError(
          'PLAYBOOK_REVISION_STALE',
          `playbook ${r.playbook} is at version ${newest}; version ${r.version} was made from version ${r.baseVersion}`,
          { playbook: r.playbook, current: newest },
        );
      insertStmt.run(
        r.playbook,
        r.version,
        r.baseVersion,
        JSON.stringify(r.steps),
        JSON.stringify(r.cause),
        r.diff,
        r.requestedBy,
        JSON.stringify(r.approvedBy),
        r.incidentId ?? null,
        r.proposalId ?? null,
        r.createdAt,
      );
    });
  }

  current(playbook: string): PlaybookRevision | undefined {
    const row = this.currentStmt.get(playbook);
    return row === undefined ? undefined : toRevision(row);
  }

  list(playbook: string): PlaybookRevision[] {
    return this.listStmt.all(playbook).map(toRevision);
  }

  get(playbook: string, version: number): PlaybookRevision | undefined {
    const row = this.getStmt.get(playbook, version);
    return row === undefined ? undefined : toRevision(row);
  }

  currentAll(): PlaybookRevision[] {
    return this.currentAllStmt.all().map(toRevision);
  }

  add(revision: PlaybookRevision): void {
    this.insert(revision);
  }
}

function toRevision(r: Row): PlaybookRevision {
  return {
    playbook: r.playbook_id,
    version: r.version,
    baseVersion: r.base_version,
    steps: JSON.parse(r.steps) as PlaybookStep[],
    cause: JSON.parse(r.cause) as PlaybookRevisionCause,
    diff: r.diff,
    requestedBy: r.requested_by,
    approvedBy: JSON.parse(r.approved_by) as string[],
    ...(r.incident_id === null ? {} : { incidentId: r.incident_id }),
    ...(r.proposal_id === null ? {} : { proposalId: r.proposal_id }),
    createdAt: r.created_at,
  };
}
