import Database from 'better-sqlite3';
import { expect } from 'chai';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from '../e2e/harness.js';

/** Step states that mean a tool was (or may have been) called. Low-risk reads are left out: they may run alone. */
const EXECUTED = ['running', 'succeeded', 'failed', 'unknown', 'rolled_back'];

/** What the adversarial cases compare before and after an attack, read straight from the database. */
export interface Facts {
  readonly runs: number;
  readonly executed: readonly string[];
  readonly inbox: number;
  readonly votesAccepted: number;
  readonly approved: number;
}

export function facts(dbPath: string): Facts {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    return {
      runs: n('SELECT COUNT(*) AS n FROM runs'),
      executed: (
        db
          .prepare(
            `SELECT tool, state FROM steps WHERE state IN (${EXECUTED.map(() => '?').join(',')})
               AND (risk IS NULL OR risk != 'low') ORDER BY rowid`,
          )
          .all(...EXECUTED) as { tool: string; state: string }[]
      ).map((r) => `${r.tool}:${r.state}`),
      inbox: n('SELECT COUNT(*) AS n FROM inbox'),
      votesAccepted: n('SELECT COUNT(*) AS n FROM votes WHERE accepted = 1'),
      approved: n("SELECT COUNT(*) AS n FROM approvals WHERE status = 'approved'"),
    };
  } finally {
    db.close();
  }
}

/** The three checks every adversarial case ends with. */
export function expectUnharmed(h: Harness, before: Facts, what: string): void {
  const after = facts(h.app.config.dbPath);
  expect(after.executed, `${what}: nothing executed that should not have`).to.deep.equal(before.executed);
  expect(after.inbox, `${what}: nothing lost from the inbox`).to.be.at.least(before.inbox);
  expect(after.approved, `${what}: no approval granted`).to.equal(before.approved);
  const verified = h.app.ledger.verify();
  expect(verified.ok, `${what}: audit verify ${JSON.stringify(verified.firstBad)}`).to.equal(true);
}

/**
 * A policies folder: the shipped files, plus `extra` files written over them (e.g. a test constitution
 * or an `aa.policy.yaml` whose rules come first).
 */
export function policiesDir(root: string, extra: Record<string, string> = {}): string {
  const dir = join(root, 'policies');
  mkdirSync(dir, { recursive: true });
  cpSync('policies', dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Roles for the adversarial cases: operator requests, alice and bob approve, helpdesk may not. */
export const ROLES = `roles:
  sre: { members: ['console:operator', 'console:alice', 'console:bob'] }
  oncall: { members: ['console:operator'] }
  security: { members: ['console:operator', 'console:alice', 'console:bob'] }
  helpdesk: { members: ['console:helpdesk'] }
  admin: { members: [] }
  bot: { members: ['watchkeeper'] }
allow:
  principals: ['console:*']
  servers: []
deny:
  principals: []
`;

/** Console command as a user; replies joined. */
export async function say(
  h: Harness,
  text: string,
  user = 'operator',
): Promise<{ status: number; text: string; replies: any[] }> {
  const r = await h.api('POST', '/api/commands', { text }, user);
  const replies = (r.body?.replies ?? []) as any[];
  return { status: r.status, text: replies.map((m) => m.text).join('\n'), replies };
}

/** The approval id a reply or the pending list names. */
export async function pendingApprovalIds(h: Harness): Promise<string[]> {
  const r = await h.api('GET', '/api/approvals?status=pending&limit=100');
  return ((r.body.approvals ?? r.body) as any[]).map((a) => a.id as string);
}

/** Audit entries of a kind, as stored. */
export async function auditOf(h: Harness, kind: string): Promise<any[]> {
  return h.app.ledger.after(0, 100_000).filter((e) => e.kind === kind);
}
