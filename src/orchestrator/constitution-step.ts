import type {
  Clock,
  Constitution,
  ConstitutionEnv,
  ConstitutionStep,
  Decision,
  PolicyStep,
  RunRecord,
  RunRepository,
  StepRecord,
  ToolRegistry,
} from '../core/index.js';
import { stepDigest } from '../core/index.js';

/** What the constitution needs about a step beyond the policy's view. */
export function constitutionStep(
  run: RunRecord,
  step: StepRecord,
  policyStep: PolicyStep,
  decision: Decision,
  tools: ToolRegistry,
): ConstitutionStep {
  const planned = run.plan.steps[step.index];
  const tool = tools.get(step.tool);
  const rollbackPlan =
    (planned?.rollbackPlan !== undefined && planned.rollbackPlan.trim() !== '') ||
    (tool?.rollback !== undefined && tool.reversible);
  return { ...policyStep, autonomy: decision.autonomy, rollbackPlan };
}

/** Executed-step counts from the run repository (durable, so a restart does not reset a budget). */
export function constitutionEnv(d: {
  readonly clock: Clock;
  readonly runs: RunRepository;
  readonly tools: ToolRegistry;
}): ConstitutionEnv {
  return {
    now: d.clock.now(),
    executedSince(patterns, since) {
      const at = since.toISOString();
      const names = d.tools
        .list()
        .map((t) => t.name)
        .filter((n) => patterns.some((p) => globLike(p, n)));
      return names.reduce((sum, tool) => sum + d.runs.countStarted({ since: at, tool }), 0);
    },
  };
}

/** `*` matches any run of characters; the same reading as policy globs. */
function globLike(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

/**
 * Re-checks a step's invariants right before its tool runs, with the decision it was approved under.
 * Returns the refusal text (naming the invariant), or undefined when it may run.
 */
export function constitutionGate(
  d: {
    readonly clock: Clock;
    readonly runs: RunRepository;
    readonly tools: ToolRegistry;
    readonly constitution?: Constitution;
  },
  run: RunRecord,
  step: StepRecord,
): string | undefined {
  const tool = d.tools.get(step.tool);
  if (d.constitution === undefined || tool === undefined || step.decision === null) return undefined;
  const policyStep: PolicyStep = {
    domain: run.origin.domain,
    skill: run.origin.skill,
    tool: step.tool,
    declared: { risk: tool.risk, reversible: tool.reversible, scope: tool.scope },
    target: tool.target(step.input),
  };
  const refused = d.constitution.gate(
    constitutionStep(run, step, policyStep, step.decision, d.tools),
    step.decision,
    constitutionEnv(d),
  );
  return refused === undefined
    ? undefined
    : `refused by constitution#${refused.invariant}: ${refused.reason}`;
}

/**
 * Recomputes the digest of the step about to run from its stored tool, input and target. A row changed
 * after the decision (input edited, digest left alone) no longer matches what was approved.
 */
export function stepTampered(tools: ToolRegistry, step: StepRecord): string | undefined {
  const tool = tools.get(step.tool);
  if (tool === undefined) return undefined; // unknown tools fail on their own
  let target;
  try {
    target = tool.target(step.input);
  } catch {
    return 'the stored step no longer has a valid target; it was changed after it was decided';
  }
  return stepDigest(step.tool, step.input, target) === step.digest
    ? undefined
    : 'the stored step does not match the digest it was decided and approved under; it was changed and will not run';
}
