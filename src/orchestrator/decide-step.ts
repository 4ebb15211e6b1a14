import type {
  AutonomyMode,
  Clock,
  Constitution,
  Decision,
  IdentityResolver,
  PolicyEngine,
  PolicyStep,
  Principal,
  RunRecord,
  RunRepository,
  StepRecord,
  Tool,
  ToolRegistry,
} from '../core/index.js';
import { constitutionEnv, constitutionStep } from './constitution-step.js';

export interface DecideDeps {
  readonly policy: PolicyEngine;
  readonly tools: ToolRegistry;
  readonly identities: IdentityResolver;
  readonly runs: RunRepository;
  readonly clock: Clock;
  /** Run-time autonomy overrides, read at every decision (README "Rolling out safely"). */
  readonly autonomyOverrides?: () => Readonly<Record<string, AutonomyMode>>;
  /** Invariants of policies/constitution.yaml, checked after the rules. */
  readonly constitution?: Constitution;
}

/**
 * Asks the policy about one step, as requested by the run's origin principal. The tool's declaration
 * (not the planner) supplies the risk; the planner's suggestion can only raise it. Input that fails the
 * tool's schema is refused here, before the policy, so a bad plan can never reach a tool.
 */
export function decideStep(
  d: DecideDeps,
  run: RunRecord,
  step: StepRecord,
): { decision: Decision; principal: Principal } {
  const principal = d.identities.resolve(run.origin.principal);
  const tool = d.tools.get(step.tool);
  const invalid = inputProblem(tool, step.tool, step.input);
  if (invalid !== undefined) {
    return {
      principal,
      decision: {
        effect: 'deny',
        rule: 'invalid-input',
        reason: invalid,
        risk: tool?.risk ?? 'critical',
        autonomy: 'supervised',
      },
    };
  }
  const since = new Date(d.clock.now().getTime() - d.policy.rateWindowSeconds * 1000).toISOString();
  const suggestedRisk = run.plan.steps[step.index]?.suggestedRisk;
  const policyStep: PolicyStep = {
    domain: run.origin.domain,
    skill: run.origin.skill,
    tool: step.tool,
    ...(tool === undefined
      ? {}
      : { declared: { risk: tool.risk, reversible: tool.reversible, scope: tool.scope } }),
    target: tool === undefined ? { environment: 'unknown' } : tool.target(step.input),
    ...(suggestedRisk === undefined ? {} : { suggestedRisk }),
  };
  const ruled = d.policy.decide(principal, policyStep, {
    now: d.clock.now(),
    principalCalls: d.runs.countStarted({ since, principal: principal.id }),
    toolCalls: d.runs.countStarted({ since, tool: step.tool }),
    ...(d.autonomyOverrides === undefined ? {} : { autonomyOverrides: d.autonomyOverrides() }),
  });
  // The constitution runs after the rules and can only tighten (see src/policy/constitution.ts).
  const decision =
    d.constitution === undefined
      ? ruled
      : d.constitution.apply(
          constitutionStep(run, step, policyStep, ruled, d.tools),
          ruled,
          constitutionEnv(d),
        );
  return { decision, principal };
}

function inputProblem(tool: Tool | undefined, name: string, input: unknown): string | undefined {
  if (tool === undefined) return undefined; // the policy denies unknown tools itself
  const parsed = tool.input.safeParse(input);
  if (parsed.success) return undefined;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
  return `invalid input for ${name}: ${issues}`;
}
