import type { Plan } from '../core/index.js';

/**
 * The plan as stored with its run: what the planner saw and said (goal, prompt, raw answer, notes,
 * rationales) redacted. Step tools and inputs are kept exactly, since the step digest binds them.
 */
export function redactPlan(plan: Plan, redact: (<T>(value: T) => T) | undefined): Plan {
  if (redact === undefined) return plan;
  return {
    ...plan,
    goal: redact(plan.goal),
    ...(plan.prompt === undefined ? {} : { prompt: redact(plan.prompt) }),
    ...(plan.raw === undefined ? {} : { raw: redact(plan.raw) }),
    ...(plan.notes === undefined ? {} : { notes: redact(plan.notes) }),
    steps: plan.steps.map((s) => ({
      ...s,
      rationale: redact(s.rationale),
      ...(s.evidence === undefined ? {} : { evidence: redact(s.evidence) }),
    })),
  };
}
