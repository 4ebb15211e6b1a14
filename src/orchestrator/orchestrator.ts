import {
  type ApprovalService,
  type AutonomyMode,
  type AuditLog,
  type Clock,
  type Constitution,
  type Decision,
  type IdentityResolver,
  type Logger,
  type Metrics,
  type Orchestrator,
  type Plan,
  type PolicyEngine,
  type RunObserver,
  type RunOrigin,
  type RunRecord,
  type RunRepository,
  type RunStatus,
  type StepPatch,
  type StepRecord,
  type StepState,
  type ToolRegistry,
  type Tracer,
  noopTracer,
} from '../core/index.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { constitutionGate, stepTampered } from './constitution-step.js';
import { leaseForStep, revokeLease, type CredentialOptions } from './credential-lease.js';
import { decideStep } from './decide-step.js';
import { redactPlan } from './redact-plan.js';
import { auditRun } from './run-audit.js';
import { prepareSteps } from './prepare-steps.js';
import { RunSpans } from './run-spans.js';
import { runTool, type ToolRunnerOptions } from './tool-runner.js';

export interface OrchestratorOptions {
  readonly runs: RunRepository;
  readonly tools: ToolRegistry;
  readonly policy: PolicyEngine;
  readonly identities: IdentityResolver;
  readonly approvals: ApprovalService;
  readonly audit: AuditLog;
  readonly observer: RunObserver;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  /** Run-time autonomy overrides (`/wk autonomy`, automatic demotion), read at every decision. */
  readonly autonomyOverrides?: () => Readonly<Record<string, AutonomyMode>>;
  readonly executor: {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryBaseMs: number;
    readonly circuitThreshold: number;
    readonly circuitCooldownMs: number;
  };
  /** Invariants checked after the rules (decide) and again right before a tool runs. */
  readonly constitution?: Constitution;
  /** Leases each step's credential scope for the step's duration only. */
  readonly credentials?: CredentialOptions;
  /** Applied to tool results and errors before they are stored (secrets a tool echoes). */
  readonly redact?: <T>(value: T) => T;
  /** Traces around plan → decide → act (issue 11); the no-op when OpenTelemetry is not configured. */
  readonly tracer?: Tracer;
}

export interface RunningOrchestrator extends Orchestrator {
  /** Start-up recovery: `running` steps become `unknown` (never re-run); unfinished runs continue. */
  recover(): Promise<StepRecord[]>;
  /** Expires due approvals and moves their runs on. */
  expireApprovals(): Promise<void>;
  /** Stops retry waits; in-flight tool calls finish. */
  shutdown(): Promise<void>;
}

/**
 * The single execution path: plan → policy decision per step → approval → tool call → result.
 * A durable state machine over the run repository; every transition is a compare-and-set, so a
 * double click, two concurrent approvals or a second process can never run a step twice.
 */
export function createOrchestrator(o: OrchestratorOptions): RunningOrchestrator {
  const shutdown = new AbortController();
  const breaker = new CircuitBreaker(o.executor.circuitThreshold, o.executor.circuitCooldownMs, () =>
    o.clock.now().getTime(),
  );
  const runnerOptions: ToolRunnerOptions = {
    ...o.executor,
    breaker,
    clock: o.clock,
    logger: o.logger,
    random: o.random,
    shutdown: shutdown.signal,
  };
  const spans = new RunSpans(o.tracer ?? noopTracer);
  /** Serialises advancement per run inside this process; the CAS transitions guard across processes. */
  const queues = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  const now = (): string => o.clock.now().toISOString();

  function serialised<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    const prev = queues.get(runId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tracked = next.finally(() => {
      if (queues.get(runId) === tracked) queues.delete(runId);
      inFlight.delete(tracked);
    });
    queues.set(runId, tracked);
    inFlight.add(tracked);
    return next;
  }

  function mustGet(runId: string): RunRecord {
    const run = o.runs.get(runId);
    if (run === undefined) throw new Error(`run ${runId} vanished`);
    return run;
  }

  async function move(
    run: RunRecord,
    step: StepRecord,
    from: StepState[],
    to: StepState,
    patch: StepPatch = {},
  ): Promise<StepRecord | undefined> {
    if (!o.runs.transitionStep(step.id, from, to, patch, now())) return undefined;
    const moved = o.runs.getStep(step.id);
    if (moved === undefined) return undefined;
    auditRun(o.audit, run, 'step.state', step.id, {
      index: step.index + 1,
      tool: step.tool,
      from: step.state,
      to,
      reason: patch.error,
    });
    if (['succeeded', 'failed', 'rejected', 'expired', 'unknown', 'rolled_back'].includes(to))
      o.metrics.stepFinished(step.tool, to);
    if (to === 'failed' || to === 'unknown' || to === 'rolled_back')
      o.metrics.failure?.(`step.${to}`, `${step.tool}: ${patch.error ?? to}`);
    await notify(() => o.observer.onStepChanged(mustGet(run.id), moved));
    return moved;
  }

  async function finish(run: RunRecord, status: RunStatus): Promise<RunRecord> {
    o.runs.setStatus(run.id, status, now());
    const done = mustGet(run.id);
    if (status !== 'waiting' && status !== 'active') {
      o.metrics.runFinished?.(run.origin.skill, status);
      auditRun(o.audit, run, 'step.state', 'run', { run: status });
      await notify(() => o.observer.onRunFinished(done));
    }
    return done;
  }

  /** Chat delivery must never break execution: a failed post is logged, the run goes on. */
  async function notify(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      o.logger.error('observer failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  function decide(run: RunRecord, step: StepRecord): Decision {
    const started = performance.now();
    const traced = spans.now();
    const { decision, principal } = decideStep(o, run, step);
    o.metrics.decisionLatency((performance.now() - started) / 1000);
    spans.decided(run, step, decision, traced);
    auditRun(o.audit, run, 'decision', step.id, {
      tool: step.tool,
      input: step.input,
      requester: principal.id,
      roles: principal.roles,
      ...decision,
    });
    return decision;
  }

  async function preview(run: RunRecord, step: StepRecord): Promise<string | undefined> {
    const tool = o.tools.get(step.tool);
    if (tool?.dryRun === undefined) return undefined;
    try {
      const r = await tool.dryRun(step.input, {
        idempotencyKey: `${step.id}:dry-run`,
        signal: shutdown.signal,
        logger: o.logger,
        clock: o.clock,
      });
      auditRun(o.audit, run, 'tool.result', step.id, { tool: step.tool, dryRun: true, ...r });
      return r.summary;
    } catch (err) {
      return `dry-run failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function execute(run: RunRecord, step: StepRecord): Promise<StepRecord | undefined> {
    const refused = stepTampered(o.tools, step) ?? constitutionGate(o, run, step);
    if (refused !== undefined) return move(run, step, ['approved'], 'rejected', { error: refused });
    const running = await move(run, step, ['approved'], 'running', { attempts: step.attempts + 1 });
    if (running === undefined) return undefined; // another caller took it
    const tool = o.tools.get(step.tool);
    if (tool === undefined)
      return move(run, running, ['running'], 'failed', { error: `unknown tool ${step.tool}` });
    auditRun(o.audit, run, 'tool.call', step.id, {
      tool: step.tool,
      input: step.input,
      idempotencyKey: step.id,
    });
    const budgetMs = (o.executor.timeoutMs + o.executor.retryBaseMs * 4) * (o.executor.retries + 1);
    const leased = await leaseForStep(o.credentials, tool.scope, budgetMs);
    if (!leased.ok) return move(run, running, ['running'], 'failed', { error: leased.error });
    const raw = await runTool(tool, step.input, tool.target(step.input), step.id, runnerOptions, {
      credentials: leased.lease?.values,
    }).finally(() => revokeLease(o.credentials, leased.lease, o.logger));
    // A tool's result is stored and shown as evidence: a secret it echoes must not survive in it.
    const outcome = o.redact === undefined ? raw : o.redact(raw);
    if (!outcome.ok) spans.toolError(step.id, outcome.code);
    auditRun(o.audit, run, 'tool.result', step.id, {
      tool: step.tool,
      attempts: outcome.attempts,
      ...(outcome.ok ? outcome.result : { ok: false, code: outcome.code, error: outcome.error }),
    });
    return outcome.ok
      ? move(run, running, ['running'], outcome.result.ok ? 'succeeded' : 'failed', {
          result: outcome.result,
          attempts: outcome.attempts,
          ...(outcome.result.ok ? {} : { error: outcome.result.summary }),
        })
      : move(run, running, ['running'], 'failed', {
          error: `${outcome.code}: ${outcome.error}`,
          attempts: outcome.attempts,
        });
  }

  /** Moves the run as far as it can go now; stops at an approval, a refusal or a failure. */
  async function advance(runId: string): Promise<RunRecord> {
    let run = mustGet(runId);
    for (const original of run.steps) {
      run = mustGet(runId);
      let step = run.steps[original.index] ?? original;
      if (step.state === 'proposed') {
        const d = decide(run, step);
        const patch: StepPatch = { decision: d, risk: d.risk };
        if (d.effect === 'deny') {
          await move(run, step, ['proposed'], 'rejected', {
            ...patch,
            error: `denied by ${d.rule}: ${d.reason}`,
          });
          return finish(run, 'rejected');
        }
        if (d.effect === 'dry_run_only') {
          const p = await preview(run, step);
          await move(run, step, ['proposed'], 'rejected', {
            ...patch,
            ...(p === undefined ? {} : { preview: p }),
            error: `dry run only (${d.rule}): ${d.reason}`,
          });
          continue; // shadow/dry-run plans are recorded whole
        }
        if (d.effect === 'approve' && d.requirements !== undefined) {
          const waitStarted = spans.now();
          const p = await preview(run, step);
          const approval = o.approvals.request({
            runId,
            stepId: step.id,
            digest: step.digest,
            requester: run.origin.principal,
            requirements: d.requirements,
          });
          await move(run, step, ['proposed'], 'awaiting_approval', {
            ...patch,
            approvalId: approval.id,
            ...(p === undefined ? {} : { preview: p }),
          });
          spans.waiting(run, step, waitStarted);
          return finish(mustGet(runId), 'waiting');
        }
        const approved = await move(run, step, ['proposed'], 'approved', patch);
        if (approved === undefined) return mustGet(runId);
        step = approved;
      }
      if (step.state === 'awaiting_approval') {
        const approval = step.approvalId === null ? undefined : o.approvals.status(step.approvalId);
        if (approval === undefined || approval.status === 'pending') return finish(run, 'waiting');
        if (approval.digest !== step.digest) {
          await move(run, step, ['awaiting_approval'], 'rejected', {
            error: 'approval digest does not match the step',
          });
          return finish(run, 'rejected');
        }
        if (approval.status === 'rejected' || approval.status === 'expired') {
          await move(run, step, ['awaiting_approval'], approval.status, {
            error: `approval ${approval.status}`,
          });
          return finish(run, approval.status);
        }
        const approved = await move(run, step, ['awaiting_approval'], 'approved');
        if (approved === undefined) return mustGet(runId);
        step = approved;
      }
      if (step.state === 'approved') {
        const done = await spans.act(run, step, () => execute(run, step));
        if (done === undefined) return mustGet(runId);
        step = done;
      }
      if (
        step.state === 'succeeded' ||
        (step.state === 'rejected' && step.decision?.effect === 'dry_run_only')
      )
        continue;
      if (step.state === 'running') return mustGet(runId); // being executed elsewhere
      const status: RunStatus =
        step.state === 'unknown'
          ? 'unknown'
          : step.state === 'expired'
            ? 'expired'
            : step.state === 'rejected'
              ? 'rejected'
              : 'failed';
      return finish(mustGet(runId), status);
    }
    return finish(mustGet(runId), 'succeeded');
  }

  return {
    async start(plan: Plan, origin: RunOrigin): Promise<RunRecord> {
      const stored = redactPlan(plan, o.redact);
      const prepared = prepareSteps(stored, o.tools);
      const run = o.runs.create({ origin, plan: stored, steps: prepared, at: now() });
      auditRun(
        o.audit,
        run,
        'plan',
        'plan',
        {
          goal: plan.goal,
          planner: plan.planner,
          playbook: plan.playbook,
          playbookVersion: plan.playbookVersion,
          prompt: plan.prompt,
          raw: plan.raw,
          steps: plan.steps,
        },
        origin.principal,
      );
      await notify(() => o.observer.onRunStarted(run));
      return serialised(run.id, () => spans.around(run.id, () => advance(run.id), { run, plan }));
    },

    resume(runId: string): Promise<RunRecord> {
      return serialised(runId, () => spans.around(runId, () => advance(runId)));
    },

    async recover(): Promise<StepRecord[]> {
      const unknown = o.runs.markRunningUnknown(now());
      for (const step of unknown) {
        const run = mustGet(step.runId);
        auditRun(o.audit, run, 'step.state', step.id, {
          index: step.index + 1,
          tool: step.tool,
          from: 'running',
          to: 'unknown',
          reason: 'process stopped while the step was running; not re-run',
        });
        o.metrics.stepFinished(step.tool, 'unknown');
        await notify(() => o.observer.onStepChanged(run, mustGet(run.id).steps[step.index] ?? step));
      }
      for (const run of o.runs.listUnfinished()) await this.resume(run.id);
      return unknown;
    },

    async expireApprovals(): Promise<void> {
      for (const a of o.approvals.expireDue()) {
        o.metrics.approvalDecided('expired');
        await this.resume(a.runId);
      }
    },

    async shutdown(): Promise<void> {
      shutdown.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
