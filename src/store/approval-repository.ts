import type Database from 'better-sqlite3';
import {
  WatchkeeperError,
  type Approval,
  type ApprovalRepository,
  type ApprovalRequirements,
  type ApprovalStatus,
  type Vote,
  type VoteDecision,
} from '../core/index.js';
import { fromJson, toJson } from './json-column.js';

interface ApprovalRow {
  id: string;
  run_id: string;
  step_id: string;
  digest: string;
  requester: string;
  requirements: string;
  status: ApprovalStatus;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
}

interface VoteRow {
  principal: string;
  decision: VoteDecision;
  accepted: number;
  reason: string | null;
  at: string;
}

function rowToVote(row: VoteRow): Vote {
  return {
    principal: row.principal,
    decision: row.decision,
    accepted: row.accepted === 1,
    ...(row.reason === null ? {} : { reason: row.reason }),
    at: row.at,
  };
}

const COLS =
  'id, run_id, step_id, digest, requester, requirements, status, created_at, expires_at, decided_at';

/**
 * Approvals and every vote cast on them. One accepted vote per principal is enforced by a partial
 * unique index, so double clicks and concurrent votes count once; refused votes are kept for the record
 * and never block a later accepted one. `decide` is compare-and-set from `pending`.
 */
export class SqliteApprovalRepository implements ApprovalRepository {
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly getStmt: Database.Statement<[string], ApprovalRow>;
  private readonly votesStmt: Database.Statement<[string], VoteRow>;
  private readonly existsStmt: Database.Statement<[string], { id: string }>;
  private readonly voteStmt: Database.Statement<unknown[]>;
  private readonly decideStmt: Database.Statement<[string, string, string]>;
  private readonly listAllStmt: Database.Statement<[number], ApprovalRow>;
  private readonly listByStatusStmt: Database.Statement<[ApprovalStatus, number], ApprovalRow>;
  private readonly expiredStmt: Database.Statement<[string], ApprovalRow>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(`INSERT INTO approvals (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.getStmt = db.prepare(`SELECT ${COLS} FROM approvals WHERE id = ?`);
    this.votesStmt = db.prepare(
      'SELECT principal, decision, accepted, reason, at FROM votes WHERE approval_id = ? ORDER BY at, id',
    );
    this.existsStmt = db.prepare('SELECT id FROM approvals WHERE id = ?');
    this.voteStmt = db.prepare(
      `INSERT INTO votes (approval_id, principal, decision, accepted, reason, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.decideStmt = db.prepare(
      `UPDATE approvals SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'`,
    );
    this.listAllStmt = db.prepare(
      `SELECT ${COLS} FROM approvals ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    );
    this.listByStatusStmt = db.prepare(
      `SELECT ${COLS} FROM approvals WHERE status = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    );
    this.expiredStmt = db.prepare(
      `SELECT ${COLS} FROM approvals WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, rowid`,
    );
  }

  create(approval: Approval): void {
    this.insertStmt.run(
      approval.id,
      approval.runId,
      approval.stepId,
      approval.digest,
      approval.requester,
      toJson(approval.requirements),
      approval.status,
      approval.createdAt,
      approval.expiresAt,
      approval.decidedAt,
    );
    for (const vote of approval.votes) this.addVote(approval.id, vote);
  }

  get(id: string): Approval | undefined {
    const row = this.getStmt.get(id);
    return row === undefined ? undefined : this.toApproval(row);
  }

  /** Throws APPROVAL_NOT_FOUND for an unknown approval; refused votes are stored and return true. */
  addVote(approvalId: string, vote: Vote): boolean {
    if (this.existsStmt.get(approvalId) === undefined) {
      throw new WatchkeeperError('APPROVAL_NOT_FOUND', `approval ${approvalId} not found`, { approvalId });
    }
    const result = this.voteStmt.run(
      approvalId,
      vote.principal,
      vote.decision,
      vote.accepted ? 1 : 0,
      vote.reason ?? null,
      vote.at,
    );
    return result.changes === 1;
  }

  decide(approvalId: string, status: Exclude<ApprovalStatus, 'pending'>, at: string): boolean {
    return this.decideStmt.run(status, at, approvalId).changes === 1;
  }

  list(filter: { status?: ApprovalStatus; limit: number }): Approval[] {
    const rows =
      filter.status === undefined
        ? this.listAllStmt.all(filter.limit)
        : this.listByStatusStmt.all(filter.status, filter.limit);
    return rows.map((r) => this.toApproval(r));
  }

  pendingExpiredBy(now: string): Approval[] {
    return this.expiredStmt.all(now).map((r) => this.toApproval(r));
  }

  private toApproval(row: ApprovalRow): Approval {
    return {
      id: row.id,
      runId: row.run_id,
      stepId: row.step_id,
      digest: row.digest,
      requester: row.requester,
      requirements: fromJson<ApprovalRequirements>(row.requirements),
      status: row.status,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      decidedAt: row.decided_at,
      votes: this.votesStmt.all(row.id).map(rowToVote),
    };
  }
}
