import type { AutonomyMode, Decision, PolicyStep } from './policy.js';

/** The invariants of `policies/constitution.yaml`; each refusal names one of them. */
export const INVARIANTS = [
  'shadow-never-acts',
  'protected-assets',
  'credential-scope',
  'change-freeze',
  'irreversible-needs-rollback-plan',
  'blast-radius',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

/** A step as the constitution sees it: the policy's view plus what only the run knows. */
export interface ConstitutionStep extends PolicyStep {
  /** The autonomy mode the policy applied (the constitution re-checks shadow itself). */
  readonly autonomy: AutonomyMode;
  /** The plan recorded a way to undo this step (a rollback call or a written rollback plan). */
  readonly rollbackPlan: boolean;
}

export interface ConstitutionEnv {
  readonly now: Date;
  /** Steps of tools matching any of `tools` that started executing since `since`. */
  executedSince(tools: readonly string[], since: Date): number;
}

/**
 * Invariants checked after the policy rules and before execution. `apply` may only tighten a decision:
 * deny (rule `constitution#<invariant>`), turn allow into approve, or ask for more approvals / an
 * acknowledgement. Nothing a rule, a planner or an autonomy mode says can loosen it.
 */
export interface Constitution {
  apply(step: ConstitutionStep, decision: Decision, env: ConstitutionEnv): Decision;
  /**
   * Re-check just before a tool runs (an approval can take minutes: a freeze may have started, a budget
   * may be spent). Returns the refusal, or undefined when the step may run.
   */
  gate(
    step: ConstitutionStep,
    decided: Decision,
    env: ConstitutionEnv,
  ): { readonly invariant: Invariant; readonly reason: string } | undefined;
}
