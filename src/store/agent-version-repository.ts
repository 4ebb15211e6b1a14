import type Database from 'better-sqlite3';
import type {
  AgentVersionRepository,
  VersionAssignment,
  VersionOutcome,
  VersionRouting,
} from '../core/index.js';

const ROUTING_KEY = 'rollout.versions.routing';

interface AssignmentRow {
  incident_id: string;
  version: string;
  role: 'stable' | 'canary';
  bucket: number;
  assigned_at: string;
}

const OUTCOMES_SQL = `
SELECT a.version AS version,
  count(DISTINCT a.incident_id) AS incidents,
  (SELECT count(*) FROM steps st JOIN runs r ON r.id = st.run_id JOIN agent_version_assignments x
     ON x.incident_id = r.incident_id WHERE x.version = a.version AND st.state = 'succeeded') AS succeeded,
  (SELECT count(*) FROM steps st JOIN runs r ON r.id = st.run_id JOIN agent_version_assignments x
     ON x.incident_id = r.incident_id WHERE x.version = a.version AND st.state IN ('failed', 'rolled_back', 'unknown')) AS failed,
  (SELECT count(*) FROM steps st JOIN runs r ON r.id = st.run_id JOIN agent_version_assignments x
     ON x.incident_id = r.incident_id WHERE x.version = a.version AND st.approval_id IS NOT NULL) AS requested,
  (SELECT count(*) FROM steps st JOIN runs r ON r.id = st.run_id JOIN agent_version_assignments x
     ON x.incident_id = r.incident_id WHERE x.version = a.version AND st.approval_id IS NOT NULL
       AND st.state IN ('rejected', 'expired')) AS rejected,
  sum(i.status <> 'open') AS mitigated,
  avg(CASE WHEN i.resolved_at IS NOT NULL
      THEN (julianday(i.resolved_at) - julianday(i.opened_at)) * 86400.0 END) AS ttr
FROM agent_version_assignments a JOIN incidents i ON i.id = a.incident_id
GROUP BY a.version ORDER BY a.version`;

interface OutcomeRow {
  version: string;
  incidents: number;
  succeeded: number;
  failed: number;
  requested: number;
  rejected: number;
  mitigated: number;
  ttr: number | null;
}

/** Which agent version handles each incident, the switched routing, and outcomes per version. */
export class SqliteAgentVersionRepository implements AgentVersionRepository {
  private readonly insertStmt: Database.Statement<[string, string, string, number, string]>;
  private readonly getStmt: Database.Statement<[string], AssignmentRow>;
  private readonly outcomesStmt: Database.Statement<[], OutcomeRow>;
  private readonly kvGet: Database.Statement<[string], { value: string }>;
  private readonly kvSet: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.insertStmt = db.prepare(
      `INSERT INTO agent_version_assignments (incident_id, version, role, bucket, assigned_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id) DO NOTHING`,
    );
    this.getStmt = db.prepare('SELECT * FROM agent_version_assignments WHERE incident_id = ?');
    this.outcomesStmt = db.prepare(OUTCOMES_SQL);
    this.kvGet = db.prepare('SELECT value FROM kv WHERE key = ?');
    this.kvSet = db.prepare(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  assign(a: VersionAssignment): VersionAssignment {
    this.insertStmt.run(a.incidentId, a.version, a.role, a.bucket, a.assignedAt);
    return this.get(a.incidentId) ?? a;
  }

  get(incidentId: string): VersionAssignment | undefined {
    const r = this.getStmt.get(incidentId);
    return r === undefined
      ? undefined
      : {
          incidentId: r.incident_id,
          version: r.version,
          role: r.role,
          bucket: r.bucket,
          assignedAt: r.assigned_at,
        };
  }

  outcomes(): VersionOutcome[] {
    return this.outcomesStmt.all().map((r) => ({
      version: r.version,
      incidents: r.incidents,
      stepsSucceeded: r.succeeded,
      stepsFailed: r.failed,
      approvalsRequested: r.requested,
      approvalsRejected: r.rejected,
      mitigated: r.mitigated,
      meanSecondsToResolve: r.ttr === null ? null : Math.round(r.ttr),
    }));
  }

  routing(): VersionRouting | undefined {
    const v = this.kvGet.get(ROUTING_KEY)?.value;
    return v === undefined ? undefined : (JSON.parse(v) as VersionRouting);
  }

  setRouting(routing: VersionRouting): void {
    this.kvSet.run(ROUTING_KEY, JSON.stringify(routing));
  }
}
