import type Database from 'better-sqlite3';
import type { TotpEnrolment, TotpRepository } from '../core/index.js';

/** TOTP enrolments (secret stored sealed by the caller) and spent time steps. */
export class SqliteTotpRepository implements TotpRepository {
  private readonly getStmt: Database.Statement<
    [string],
    { principal: string; secret: string; created_at: string }
  >;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly spendTx: (principal: string, step: number, approvalId: string, at: string) => boolean;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare(
      'SELECT principal, secret, created_at FROM totp_enrolments WHERE principal = ?',
    );
    // Re-enrolling replaces the secret; spent steps stay spent.
    this.putStmt = db.prepare(
      `INSERT INTO totp_enrolments (principal, secret, created_at) VALUES (?, ?, ?)
       ON CONFLICT (principal) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
    );
    const last = db.prepare<[string], { step: number | null }>(
      'SELECT MAX(step) AS step FROM totp_spent WHERE principal = ?',
    );
    const insert = db.prepare<[string, number, string, string]>(
      'INSERT INTO totp_spent (principal, step, approval_id, at) VALUES (?, ?, ?, ?)',
    );
    // One transaction: "not spent yet" and "now spent" cannot interleave with a racing vote.
    this.spendTx = db.transaction((principal: string, step: number, approvalId: string, at: string) => {
      const max = last.get(principal)?.step ?? null;
      if (max !== null && step <= max) return false;
      insert.run(principal, step, approvalId, at);
      return true;
    });
  }

  get(principal: string): TotpEnrolment | undefined {
    const row = this.getStmt.get(principal);
    return row === undefined
      ? undefined
      : { principal: row.principal, secret: row.secret, createdAt: row.created_at };
  }

  put(e: TotpEnrolment): void {
    this.putStmt.run(e.principal, e.secret, e.createdAt);
  }

  spend(principal: string, step: number, approvalId: string, at: string): boolean {
    return this.spendTx(principal, step, approvalId, at);
  }
}
