import {
  SPAN_NAMES,
  WatchkeeperError,
  type Decision,
  type Plan,
  type RunRecord,
  type SpanAttributes,
  type StepRecord,
  type TraceSpan,
  type Tracer,
} from '../core/index.js';

/** Run states that are failures of Watchkeeper or a tool, not decisions of a policy or a person. */
const FAILED_RUNS = new Set(['failed', 'unknown']);
const FAILED_STEPS = new Set(['failed', 'unknown', 'rolled_back']);

/**
 * The orchestrator's trace (issue 11): one span per advancement of a run (the start, and each resume
 * after an approval, linked to the span that waited), with the planning, every policy decision and
 * every step execution as children. Every method is a no-op when the tracer is disabled.
 */
export class RunSpans {
  /** Run spans of advancements in progress; advancement is serialised per run, so one per run. */
  private readonly active = new Map<string, TraceSpan>();
  /** The span that ended waiting for an approval, linked from the resume that continues it. */
  private readonly waited = new Map<string, TraceSpan>();
  /** Steps being executed → the tool runner's error code, once it has one (undefined until then). */
  private readonly acting = new Map<string, string | undefined>();

  constructor(private readonly tracer: Tracer) {}

  /** The tracer's clock for spans recorded after the fact; 0 when disabled (nothing reads it). */
  now(): number {
    return this.tracer.enabled ? this.tracer.now() : 0;
  }

  /**
   * Runs `advance` inside a run span; the span ends on every path, with the status the run reached.
   * `started` is given at the start: the planner's own plan object (the run stores a redacted copy).
   */
  around(
    runId: string,
    advance: () => Promise<RunRecord>,
    started?: { readonly run: RunRecord; readonly plan: Plan },
  ): Promise<RunRecord> {
    // Not async itself: with tracing off, the run goes on without an extra promise per advancement.
    return this.tracer.enabled ? this.tracedRun(runId, advance, started) : advance();
  }

  private async tracedRun(
    runId: string,
    advance: () => Promise<RunRecord>,
    started: { readonly run: RunRecord; readonly plan: Plan } | undefined,
  ): Promise<RunRecord> {
    const run = started?.run;
    const planning = started === undefined ? undefined : this.tracer.takePlanning(started.plan);
    const linked = this.waited.get(runId);
    this.waited.delete(runId);
    const span = this.tracer.startSpan(SPAN_NAMES.run, {
      attributes: {
        'watchkeeper.run_id': runId,
        'watchkeeper.run.phase': run === undefined ? 'resume' : 'start',
        ...(run === undefined ? {} : runAttributes(run)),
      },
      ...(linked === undefined ? {} : { links: [linked] }),
      ...(planning === undefined ? {} : { startTime: planning.startTime }),
    });
    if (planning !== undefined) {
      const child = this.tracer.startSpan(SPAN_NAMES.plan, {
        parent: span,
        startTime: planning.startTime,
        attributes: { 'watchkeeper.run_id': runId, ...planning.attributes },
      });
      child.end(planning.endTime);
    }
    this.active.set(runId, span);
    try {
      const done = await advance();
      span.setAttributes({ ...runAttributes(done), 'watchkeeper.run.status': done.status });
      if (FAILED_RUNS.has(done.status)) span.fail(`RUN_${done.status.toUpperCase()}`);
      if (done.status === 'waiting') this.waited.set(runId, span);
      return done;
    } catch (err) {
      span.fail(errorCode(err), err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      this.active.delete(runId);
      span.end();
    }
  }

  /** A policy decision, recorded once it is made (`startTime` from `now`). */
  decided(run: RunRecord, step: StepRecord, decision: Decision, startTime: number): void {
    if (!this.tracer.enabled) return;
    this.tracer
      .startSpan(SPAN_NAMES.decide, {
        startTime,
        attributes: {
          ...stepAttributes(run, step),
          'watchkeeper.risk': decision.risk,
          'watchkeeper.decision': decision.effect,
          'watchkeeper.rule_id': decision.rule,
          'watchkeeper.autonomy': decision.autonomy,
        },
        ...this.parentOf(run.id),
      })
      .end();
  }

  /** A step that stops for an approval: its execution span ends now; the execution gets its own later. */
  waiting(run: RunRecord, step: StepRecord, startTime: number): void {
    if (!this.tracer.enabled) return;
    const span = this.tracer.startSpan(SPAN_NAMES.act, {
      startTime,
      attributes: { ...stepAttributes(run, step), 'watchkeeper.outcome': 'waiting_approval' },
      ...this.parentOf(run.id),
    });
    span.end();
  }

  /** Runs a step's execution inside a span that ends with the state the step reached. */
  act(
    run: RunRecord,
    step: StepRecord,
    execute: () => Promise<StepRecord | undefined>,
  ): Promise<StepRecord | undefined> {
    return this.tracer.enabled ? this.tracedAct(run, step, execute) : execute();
  }

  private async tracedAct(
    run: RunRecord,
    step: StepRecord,
    execute: () => Promise<StepRecord | undefined>,
  ): Promise<StepRecord | undefined> {
    const started = this.tracer.now();
    const span = this.tracer.startSpan(SPAN_NAMES.act, {
      attributes: stepAttributes(run, step),
      ...this.parentOf(run.id),
    });
    this.acting.set(step.id, undefined);
    try {
      const done = await execute();
      const outcome = done?.state ?? 'taken_elsewhere';
      span.setAttributes({
        'watchkeeper.outcome': outcome,
        'watchkeeper.attempts': done?.attempts,
        'watchkeeper.step.duration_ms': Math.round((this.tracer.now() - started) * 1000) / 1000,
      });
      if (FAILED_STEPS.has(outcome))
        span.fail(this.acting.get(step.id) ?? `STEP_${outcome.toUpperCase()}`, done?.error ?? undefined);
      return done;
    } catch (err) {
      span.fail(errorCode(err), err instanceof Error ? err.message : String(err));
      throw err;
    } finally {
      this.acting.delete(step.id);
      span.end();
    }
  }

  /** The tool runner's stable error code for the step being executed. */
  toolError(stepId: string, code: string): void {
    if (this.acting.has(stepId)) this.acting.set(stepId, code);
  }

  private parentOf(runId: string): { parent?: TraceSpan } {
    const parent = this.active.get(runId);
    return parent === undefined ? {} : { parent };
  }
}

function runAttributes(run: RunRecord): SpanAttributes {
  return {
    'watchkeeper.incident_id': run.origin.incidentId,
    'watchkeeper.skill': run.origin.skill,
    'watchkeeper.domain': run.origin.domain,
    'watchkeeper.origin': run.origin.kind,
    'watchkeeper.planner': run.plan.planner,
    'watchkeeper.step_count': run.steps.length,
  };
}

function stepAttributes(run: RunRecord, step: StepRecord): SpanAttributes {
  return {
    'watchkeeper.run_id': run.id,
    'watchkeeper.incident_id': run.origin.incidentId,
    'watchkeeper.skill': run.origin.skill,
    'watchkeeper.domain': run.origin.domain,
    'watchkeeper.step_id': step.id,
    'watchkeeper.step_index': step.index + 1,
    'watchkeeper.tool': step.tool,
    // The digest identifies the exact input without sending it.
    'watchkeeper.step_digest': step.digest,
  };
}

function errorCode(err: unknown): string {
  return err instanceof WatchkeeperError ? err.code : 'INTERNAL';
}
