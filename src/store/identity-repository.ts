import type Database from 'better-sqlite3';
import type { IdentityRepository } from '../core/index.js';

/** The last display name seen for each principal, so messages and playback can show names, not ids. */
export class SqliteIdentityRepository implements IdentityRepository {
  private readonly seenStmt: Database.Statement<[string, string, string, string]>;
  private readonly nameStmt: Database.Statement<[string], { display_name: string }>;

  constructor(db: Database.Database) {
    this.seenStmt = db.prepare(
      `INSERT INTO identities (principal_id, display_name, first_seen, last_seen) VALUES (?, ?, ?, ?)
       ON CONFLICT (principal_id) DO UPDATE SET display_name = excluded.display_name, last_seen = excluded.last_seen`,
    );
    this.nameStmt = db.prepare('SELECT display_name FROM identities WHERE principal_id = ?');
  }

  seen(principalId: string, displayName: string, at: string): void {
    this.seenStmt.run(principalId, displayName, at, at);
  }

  displayName(principalId: string): string | undefined {
    return this.nameStmt.get(principalId)?.display_name;
  }
}
