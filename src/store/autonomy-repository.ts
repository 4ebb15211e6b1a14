import type Database from 'better-sqlite3';
import type {
  AutonomyHistoryRow,
  AutonomyMode,
  AutonomyOverride,
  AutonomyRepository,
  CommandStep,
} from '../core/index.js';

interface OverrideRow {
  key: string;
  mode: AutonomyMode;
  set_by: string;
  reason: string;
  set_at: string;
}

/**
 * Per domain and tool, what steps did since a time. A shadow step "matched" when a person's command asked
 * for the same tool on the incident (its run, or the same service while the incident was open), and it
 * ran or was recorded in shadow too: the "would have done X; humans did Y" pair.
 */
const HISTORY_SQL = `
WITH s AS (
  SELECT json_extract(r.origin, '$.domain') AS domain, st.tool AS tool, st.state AS state,
         json_extract(st.decision, '$.effect') AS effect, json_extract(st.decision, '$.autonomy') AS autonomy,
         r.incident_id AS incident_id, json_extract(r.origin, '$.kind') AS kind
  FROM steps st JOIN runs r ON r.id = st.run_id
  WHERE st.updated_at >= ?
)
SELECT domain, tool,
  sum(effect = 'dry_run_only' AND autonomy = 'shadow') AS shadowed,
  sum(effect = 'dry_run_only' AND autonomy = 'shadow' AND incident_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM steps h JOIN runs hr ON hr.id = h.run_id JOIN incidents i ON i.id = s.incident_id
    WHERE json_extract(hr.origin, '$.kind') = 'command' AND h.tool = s.tool
      AND (h.state = 'succeeded' OR json_extract(h.decision, '$.autonomy') = 'shadow')
      AND (hr.incident_id = s.incident_id
        OR (json_extract(h.input, '$.service') = json_extract(i.labels, '$.service')
          AND hr.created_at >= i.opened_at AND hr.created_at <= coalesce(i.resolved_at, '9999')))
  )) AS shadow_matched,
  sum(effect = 'approve') AS suggested,
  sum(effect = 'approve' AND state = 'succeeded') AS accepted,
  sum(effect = 'approve' AND state IN ('rejected', 'expired')) AS rejected,
  sum(effect = 'allow' AND state IN ('succeeded', 'failed', 'rolled_back', 'unknown')) AS autonomous,
  sum(state = 'failed') AS failed,
  sum(state = 'rolled_back') AS rolled_back
FROM s WHERE domain IS NOT NULL GROUP BY domain, tool ORDER BY domain, tool`;

const COMMAND_STEPS_SQL = `
SELECT r.id AS run_id, r.origin_principal AS principal, st.tool AS tool, st.input AS input, st.state AS state,
  json_extract(st.decision, '$.autonomy') AS autonomy, r.created_at AS at
FROM runs r JOIN steps st ON st.run_id = r.id
WHERE json_extract(r.origin, '$.kind') = 'command' AND r.created_at >= ? AND r.created_at <= ?
ORDER BY r.created_at, st.idx LIMIT 1000`;

interface CommandStepRow {
  run_id: string;
  principal: string;
  tool: string;
  input: string;
  state: string;
  autonomy: AutonomyMode | null;
  at: string;
}

interface HistoryRow {
  domain: string;
  tool: string;
  shadowed: number;
  shadow_matched: number;
  suggested: number;
  accepted: number;
  rejected: number;
  autonomous: number;
  failed: number;
  rolled_back: number;
}

/** Autonomy overrides set at run time, and the step history promotion and demotion are computed from. */
export class SqliteAutonomyRepository implements AutonomyRepository {
  private readonly listStmt: Database.Statement<[], OverrideRow>;
  private readonly setStmt: Database.Statement<[string, string, string, string, string]>;
  private readonly removeStmt: Database.Statement<[string]>;
  private readonly historyStmt: Database.Statement<[string], HistoryRow>;
  private readonly commandStepsStmt: Database.Statement<[string, string], CommandStepRow>;

  constructor(db: Database.Database) {
    this.listStmt = db.prepare(
      'SELECT key, mode, set_by, reason, set_at FROM autonomy_overrides ORDER BY key',
    );
    this.setStmt = db.prepare(
      `INSERT INTO autonomy_overrides (key, mode, set_by, reason, set_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET mode = excluded.mode, set_by = excluded.set_by,
         reason = excluded.reason, set_at = excluded.set_at`,
    );
    this.removeStmt = db.prepare('DELETE FROM autonomy_overrides WHERE key = ?');
    this.historyStmt = db.prepare(HISTORY_SQL);
    this.commandStepsStmt = db.prepare(COMMAND_STEPS_SQL);
  }

  list(): AutonomyOverride[] {
    return this.listStmt.all().map((r) => ({
      key: r.key,
      mode: r.mode,
      setBy: r.set_by,
      reason: r.reason,
      setAt: r.set_at,
    }));
  }

  set(o: AutonomyOverride): void {
    this.setStmt.run(o.key, o.mode, o.setBy, o.reason, o.setAt);
  }

  remove(key: string): boolean {
    return this.removeStmt.run(key).changes > 0;
  }

  commandSteps(from: string, to: string): CommandStep[] {
    return this.commandStepsStmt.all(from, to).map((r) => ({
      runId: r.run_id,
      principal: r.principal,
      tool: r.tool,
      input: JSON.parse(r.input) as unknown,
      state: r.state,
      autonomy: r.autonomy,
      at: r.at,
    }));
  }

  history(since: string): AutonomyHistoryRow[] {
    return this.historyStmt.all(since).map((r) => ({
      domain: r.domain,
      tool: r.tool,
      shadowed: r.shadowed,
      shadowMatched: r.shadow_matched,
      suggested: r.suggested,
      accepted: r.accepted,
      rejected: r.rejected,
      autonomous: r.autonomous,
      failed: r.failed,
      rolledBack: r.rolled_back,
    }));
  }
}
