import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  Decision,
  NewStep,
  Plan,
  Risk,
  RunOrigin,
  RunRecord,
  RunRepository,
  RunStatus,
  StepPatch,
  StepRecord,
  StepState,
  ToolResult,
} from '../core/index.js';
import { normaliseIncidentId } from './incident-id.js';
import { fromJson, toJson } from './json-column.js';

interface RunRow {
  id: string;
  origin: string;
  plan: string;
  status: RunStatus;
  created_at: string;
  updated_at: string;
}

interface StepRow {
  id: string;
  run_id: string;
  idx: number;
  tool: string;
  input: string;
  rationale: string;
  digest: string;
  state: StepState;
  risk: Risk | null;
  decision: string | null;
  approval_id: string | null;
  preview: string | null;
  result: string | null;
  error: string | null;
  attempts: number;
  updated_at: string;
}

function rowToStep(row: StepRow): StepRecord {
  return {
    id: row.id,
    runId: row.run_id,
    index: row.idx,
    tool: row.tool,
    input: fromJson<unknown>(row.input),
    rationale: row.rationale,
    digest: row.digest,
    state: row.state,
    risk: row.risk,
    decision: fromJson<Decision | null>(row.decision),
    approvalId: row.approval_id,
    preview: row.preview,
    result: fromJson<ToolResult | null>(row.result),
    error: row.error,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
}

const STEP_COLS = `id, run_id, idx, tool, input, rationale, digest, state, risk, decision, approval_id, preview,
  result, error, attempts, updated_at`;
const RUN_COLS = 'id, origin, plan, status, created_at, updated_at';

/**
 * Runs and their steps. `transitionStep` is the exactly-once primitive the orchestrator builds on: one
 * conditional UPDATE, so of two racing callers exactly one sees `true`.
 */
export class SqliteRunRepository implements RunRepository {
  private readonly insertRun: Database.Statement<unknown[]>;
  private readonly insertStep: Database.Statement<unknown[]>;
  private readonly getRun: Database.Statement<[string], RunRow>;
  private readonly stepsOf: Database.Statement<[string], StepRow>;
  private readonly getStepStmt: Database.Statement<[string], StepRow>;
  private readonly byIncident: Database.Statement<[string], RunRow>;
  private readonly unfinished: Database.Statement<[], RunRow>;
  private readonly setStatusStmt: Database.Statement<[RunStatus, string, string]>;
  private readonly touchRun: Database.Statement<[string, string]>;
  private readonly transitionStmt: Database.Statement<[Record<string, unknown>]>;
  private readonly runningSteps: Database.Statement<[], StepRow>;
  private readonly markUnknown: Database.Statement<[string, string]>;
  private readonly countStmt: Database.Statement<[Record<string, unknown>], { n: number }>;
  private readonly createTx: (input: Parameters<RunRepository['create']>[0]) => RunRecord;
  private readonly transitionTx: (stepId: string, params: Record<string, unknown>) => boolean;
  private readonly recoverTx: (at: string) => StepRecord[];

  constructor(db: Database.Database) {
    this.insertRun = db.prepare(
      `INSERT INTO runs (id, origin, origin_principal, incident_id, plan, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`,
    );
    this.insertStep = db.prepare(
      `INSERT INTO steps (id, run_id, idx, tool, input, rationale, digest, state, attempts, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', 0, ?)`,
    );
    this.getRun = db.prepare(`SELECT ${RUN_COLS} FROM runs WHERE id = ?`);
    this.stepsOf = db.prepare(`SELECT ${STEP_COLS} FROM steps WHERE run_id = ? ORDER BY idx`);
    this.getStepStmt = db.prepare(`SELECT ${STEP_COLS} FROM steps WHERE id = ?`);
    this.byIncident = db.prepare(
      `SELECT ${RUN_COLS} FROM runs WHERE incident_id = ? ORDER BY created_at, rowid`,
    );
    this.unfinished = db.prepare(
      `SELECT ${RUN_COLS} FROM runs WHERE status IN ('active', 'waiting') ORDER BY created_at, rowid`,
    );
    this.setStatusStmt = db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?');
    this.touchRun = db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?');
    this.transitionStmt = db.prepare(
      `UPDATE steps SET
         state = @to,
         updated_at = @at,
         started_at = CASE WHEN @to = 'running' THEN @at ELSE started_at END,
         risk = COALESCE(@risk, risk),
         decision = COALESCE(@decision, decision),
         approval_id = COALESCE(@approvalId, approval_id),
         preview = COALESCE(@preview, preview),
         result = COALESCE(@result, result),
         error = COALESCE(@error, error),
         attempts = COALESCE(@attempts, attempts)
       WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
    );
    this.runningSteps = db.prepare(
      `SELECT ${STEP_COLS} FROM steps WHERE state = 'running' ORDER BY run_id, idx`,
    );
    this.markUnknown = db.prepare(
      `UPDATE steps SET state = 'unknown', updated_at = ? WHERE id = ? AND state = 'running'`,
    );
    this.countStmt = db.prepare(
      `SELECT COUNT(*) AS n FROM steps s JOIN runs r ON r.id = s.run_id
       WHERE s.started_at >= @since
         AND (@principal IS NULL OR r.origin_principal = @principal)
         AND (@tool IS NULL OR s.tool = @tool)`,
    );

    this.createTx = db.transaction((input: Parameters<RunRepository['create']>[0]): RunRecord => {
      const runId = randomUUID();
      const { origin, plan, at } = input;
      this.insertRun.run(
        runId,
        toJson(origin),
        origin.principal,
        origin.incidentId ?? null,
        toJson(plan),
        at,
        at,
      );
      input.steps.forEach((step: NewStep, index) => {
        this.insertStep.run(
          randomUUID(),
          runId,
          index,
          step.tool,
          toJson(step.input),
          step.rationale,
          step.digest,
          at,
        );
      });
      const run = this.get(runId);
      if (run === undefined) throw new Error('run vanished inside its own transaction');
      return run;
    });
    this.transitionTx = db.transaction((stepId: string, params: Record<string, unknown>): boolean => {
      if (this.transitionStmt.run(params).changes !== 1) return false;
      const step = this.getStepStmt.get(stepId);
      if (step !== undefined) this.touchRun.run(params['at'] as string, step.run_id);
      return true;
    });
    this.recoverTx = db.transaction((at: string): StepRecord[] => {
      const out: StepRecord[] = [];
      for (const row of this.runningSteps.all()) {
        if (this.markUnknown.run(at, row.id).changes === 1) {
          this.touchRun.run(at, row.run_id);
          out.push(rowToStep({ ...row, state: 'unknown', updated_at: at }));
        }
      }
      return out;
    });
  }

  create(input: { origin: RunOrigin; plan: Plan; steps: readonly NewStep[]; at: string }): RunRecord {
    return this.createTx(input);
  }

  get(runId: string): RunRecord | undefined {
    const row = this.getRun.get(runId);
    return row === undefined ? undefined : this.toRecord(row);
  }

  getStep(stepId: string): StepRecord | undefined {
    const row = this.getStepStmt.get(stepId);
    return row === undefined ? undefined : rowToStep(row);
  }

  listByIncident(incidentId: string): RunRecord[] {
    return this.byIncident.all(normaliseIncidentId(incidentId)).map((r) => this.toRecord(r));
  }

  listUnfinished(): RunRecord[] {
    return this.unfinished.all().map((r) => this.toRecord(r));
  }

  setStatus(runId: string, status: RunStatus, at: string): void {
    this.setStatusStmt.run(status, at, runId);
  }

  /**
   * Patch fields left out keep their value. Entering `running` stamps `started_at` (for rate limits).
   */
  transitionStep(
    stepId: string,
    from: readonly StepState[],
    to: StepState,
    patch: StepPatch,
    at: string,
  ): boolean {
    return this.transitionTx(stepId, {
      id: stepId,
      from: JSON.stringify(from),
      to,
      at,
      risk: patch.risk ?? null,
      decision: patch.decision === undefined ? null : toJson(patch.decision),
      approvalId: patch.approvalId ?? null,
      preview: patch.preview ?? null,
      result: patch.result === undefined ? null : toJson(patch.result),
      error: patch.error ?? null,
      attempts: patch.attempts ?? null,
    });
  }

  markRunningUnknown(at: string): StepRecord[] {
    return this.recoverTx(at);
  }

  countStarted(filter: { since: string; principal?: string; tool?: string }): number {
    const row = this.countStmt.get({
      since: filter.since,
      principal: filter.principal ?? null,
      tool: filter.tool ?? null,
    });
    return row?.n ?? 0;
  }

  private toRecord(row: RunRow): RunRecord {
    return {
      id: row.id,
      origin: fromJson<RunOrigin>(row.origin),
      plan: fromJson<Plan>(row.plan),
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      steps: this.stepsOf.all(row.id).map(rowToStep),
    };
  }
}
