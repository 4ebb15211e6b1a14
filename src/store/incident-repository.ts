import type Database from 'better-sqlite3';
import {
  severityRank,
  WatchkeeperError,
  type Incident,
  type IncidentRepository,
  type IncidentStatus,
  type Severity,
  type Signal,
} from '../core/index.js';
import { normaliseIncidentId } from './incident-id.js';
import { prepareSignalInsert, rowToSignal, type SignalRow } from './inbox-repository.js';
import { fromJson, toJson } from './json-column.js';

interface IncidentRow {
  id: string;
  group_key: string;
  title: string;
  skill: string | null;
  severity: Severity;
  status: IncidentStatus;
  labels: string;
  signal_count: number;
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
}

function rowToIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    groupKey: row.group_key,
    title: row.title,
    skill: row.skill,
    severity: row.severity,
    status: row.status,
    labels: fromJson<Record<string, string>>(row.labels),
    signalCount: row.signal_count,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/**
 * Incidents with short sequential ids (`INC-1`, `INC-2`) that operators can type in chat. Each
 * incident tracks its alerts by fingerprint with their last status, so it knows when every alert has
 * resolved. "Open" means not resolved: a mitigated incident still collects its group's signals.
 */
export class SqliteIncidentRepository implements IncidentRepository {
  private readonly findOpenStmt: Database.Statement<[string], IncidentRow>;
  private readonly nextNumStmt: Database.Statement<[], { n: number }>;
  private readonly insertStmt: Database.Statement<unknown[]>;
  private readonly getStmt: Database.Statement<[string], IncidentRow>;
  private readonly linkStmt: Database.Statement<[string, string, string]>;
  private readonly bumpStmt: Database.Statement<[Severity, string, string]>;
  private readonly alertStmt: Database.Statement<[string, string, string, string]>;
  private readonly firingStmt: Database.Statement<[string], { n: number }>;
  private readonly statusStmt: Database.Statement<[{ status: IncidentStatus; at: string; id: string }]>;
  private readonly listAllStmt: Database.Statement<[number], IncidentRow>;
  private readonly listByStatusStmt: Database.Statement<[IncidentStatus, number], IncidentRow>;
  private readonly signalsStmt: Database.Statement<[string], SignalRow>;
  private readonly storeSignal: (signal: Signal, incidentId: string | null) => void;
  private readonly storedStmt: Database.Statement<[string], { one: number }>;
  private readonly createTx: (input: Parameters<IncidentRepository['create']>[0]) => Incident;
  private readonly attachTx: (incidentId: string, signal: Signal) => Incident;

  constructor(db: Database.Database) {
    const cols = `id, group_key, title, skill, severity, status, labels, signal_count, opened_at, updated_at,
      resolved_at`;
    this.findOpenStmt = db.prepare(
      `SELECT ${cols} FROM incidents WHERE group_key = ? AND status <> 'resolved' ORDER BY num DESC LIMIT 1`,
    );
    this.nextNumStmt = db.prepare('SELECT COALESCE(MAX(num), 0) + 1 AS n FROM incidents');
    this.insertStmt = db.prepare(
      `INSERT INTO incidents (id, num, group_key, title, skill, severity, status, labels, signal_count,
        opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, 0, ?, ?)`,
    );
    this.getStmt = db.prepare(`SELECT ${cols} FROM incidents WHERE id = ?`);
    this.linkStmt = db.prepare(
      `INSERT INTO incident_signals (incident_id, signal_id, position)
       VALUES (?, ?, (SELECT signal_count + 1 FROM incidents WHERE id = ?)) ON CONFLICT DO NOTHING`,
    );
    this.bumpStmt = db.prepare(
      'UPDATE incidents SET signal_count = signal_count + 1, severity = ?, updated_at = ? WHERE id = ?',
    );
    this.alertStmt = db.prepare(
      `INSERT INTO incident_alerts (incident_id, fingerprint, status, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (incident_id, fingerprint) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
    );
    this.firingStmt = db.prepare(
      `SELECT COUNT(*) AS n FROM incident_alerts WHERE incident_id = ? AND status = 'firing'`,
    );
    this.statusStmt = db.prepare(
      `UPDATE incidents SET status = @status, updated_at = @at,
         resolved_at = CASE WHEN @status = 'resolved' THEN COALESCE(resolved_at, @at) ELSE NULL END
       WHERE id = @id`,
    );
    this.listAllStmt = db.prepare(`SELECT ${cols} FROM incidents ORDER BY num DESC LIMIT ?`);
    this.listByStatusStmt = db.prepare(
      `SELECT ${cols} FROM incidents WHERE status = ? ORDER BY num DESC LIMIT ?`,
    );
    this.signalsStmt = db.prepare(
      `SELECT i.id, i.source, i.kind, i.status, i.severity, i.fingerprint, i.group_key, i.labels, i.annotations,
         i.summary, i.starts_at, i.received_at, i.raw
       FROM incident_signals s JOIN inbox i ON i.id = s.signal_id
       WHERE s.incident_id = ? ORDER BY s.position`,
    );
    this.storeSignal = prepareSignalInsert(db);
    this.storedStmt = db.prepare('SELECT 1 AS one FROM inbox WHERE id = ?');

    this.createTx = db.transaction((input: Parameters<IncidentRepository['create']>[0]): Incident => {
      const num = this.nextNumStmt.get()?.n ?? 1;
      const id = `INC-${num}`;
      this.insertStmt.run(
        id,
        num,
        input.groupKey,
        input.title,
        input.skill,
        input.severity,
        toJson(input.labels),
        input.at,
        input.at,
      );
      return this.mustGet(id);
    });

    this.attachTx = db.transaction((incidentId: string, signal: Signal): Incident => {
      const incident = this.mustGet(incidentId);
      // Signals from the inbox are there already; checking is far cheaper than re-serialising the payload.
      if (this.storedStmt.get(signal.id) === undefined) this.storeSignal(signal, incident.id);
      if (this.linkStmt.run(incident.id, signal.id, incident.id).changes !== 1) return incident;
      const severity =
        severityRank(signal.severity) > severityRank(incident.severity) ? signal.severity : incident.severity;
      this.bumpStmt.run(severity, signal.receivedAt, incident.id);
      this.alertStmt.run(incident.id, signal.fingerprint, signal.status, signal.receivedAt);
      // What the bump wrote, without reading the row back (every alert of a storm passes here).
      return { ...incident, severity, signalCount: incident.signalCount + 1, updatedAt: signal.receivedAt };
    });
  }

  findOpen(groupKey: string): Incident | undefined {
    const row = this.findOpenStmt.get(groupKey);
    return row === undefined ? undefined : rowToIncident(row);
  }

  create(input: Parameters<IncidentRepository['create']>[0]): Incident {
    return this.createTx(input);
  }

  /** Idempotent per signal id: attaching the same signal twice (re-processing after a crash) counts it once. */
  attachSignal(incidentId: string, signal: Signal): Incident {
    return this.attachTx(incidentId, signal);
  }

  firingCount(incidentId: string): number {
    return this.firingStmt.get(normaliseIncidentId(incidentId))?.n ?? 0;
  }

  setStatus(incidentId: string, status: IncidentStatus, at: string): Incident {
    const id = normaliseIncidentId(incidentId);
    if (this.statusStmt.run({ status, at, id }).changes !== 1) throw notFound(incidentId);
    return this.mustGet(id);
  }

  get(incidentId: string): Incident | undefined {
    const row = this.getStmt.get(normaliseIncidentId(incidentId));
    return row === undefined ? undefined : rowToIncident(row);
  }

  list(filter: { status?: IncidentStatus; limit: number }): Incident[] {
    const rows =
      filter.status === undefined
        ? this.listAllStmt.all(filter.limit)
        : this.listByStatusStmt.all(filter.status, filter.limit);
    return rows.map(rowToIncident);
  }

  signals(incidentId: string): Signal[] {
    return this.signalsStmt.all(normaliseIncidentId(incidentId)).map(rowToSignal);
  }

  private mustGet(incidentId: string): Incident {
    const incident = this.get(incidentId);
    if (incident === undefined) throw notFound(incidentId);
    return incident;
  }
}

function notFound(incidentId: string): WatchkeeperError {
  return new WatchkeeperError('NOT_FOUND', `incident ${incidentId} not found`, { incidentId });
}
