import type {
  ApprovalRequirements,
  Constitution,
  ConstitutionEnv,
  ConstitutionStep,
  Decision,
  Invariant,
} from '../core/index.js';
import type { BlastBudget, ConstitutionFile } from './constitution-schema.js';
import { inFreeze } from './constitution-calendar.js';
import { anyGlobMatch } from './glob-match.js';
import { parseDuration } from './parse-duration.js';
import { defaultRequirements } from './policy-engine.js';

type Refusal = { readonly invariant: Invariant; readonly reason: string };

/**
 * The constitution over a loaded `constitution.yaml`. Pure and synchronous like the policy engine.
 * Deny invariants are checked first (shadow, protected assets, credential scope, change freeze); then
 * the two that ask for more from people (irreversible steps, blast-radius budgets).
 */
export function createConstitution(file: ConstitutionFile): Constitution {
  const readOnly = (step: ConstitutionStep): boolean =>
    step.declared !== undefined &&
    step.declared.risk === 'low' &&
    anyGlobMatch(file.readOnlyTools, step.tool);
  /** A write in the sense of the policy: anything whose declared risk is above low. */
  const writes = (step: ConstitutionStep): boolean =>
    step.declared !== undefined && step.declared.risk !== 'low';

  const refusal = (step: ConstitutionStep, env: ConstitutionEnv): Refusal | undefined => {
    if (step.autonomy === 'shadow')
      return { invariant: 'shadow-never-acts', reason: 'autonomy is shadow: plan and record, never act' };
    const tags = step.target.tags ?? [];
    const hit = tags.find((t) => file.protectedAssets.tags.includes(t));
    if (hit !== undefined && !readOnly(step)) {
      return {
        invariant: 'protected-assets',
        reason: `${step.target.asset ?? step.target.service ?? 'the target'} is tagged "${hit}": protected assets are never touched`,
      };
    }
    if (step.declared !== undefined) {
      const allowed = file.scopes[step.skill] ?? file.scopes['*'] ?? [];
      if (!anyGlobMatch(allowed, step.declared.scope)) {
        return {
          invariant: 'credential-scope',
          reason: `skill ${step.skill} may not use credential scope ${step.declared.scope} (allowed: ${allowed.length === 0 ? 'none' : allowed.join(', ')})`,
        };
      }
    }
    if (writes(step)) {
      for (const w of file.changeFreezes) {
        if (w.environments.includes(step.target.environment) && inFreeze(w, env.now)) {
          return {
            invariant: 'change-freeze',
            reason: `change freeze "${w.name}" (${w.timezone}) blocks writes to ${step.target.environment}`,
          };
        }
      }
    }
    return undefined;
  };

  const spentBudget = (step: ConstitutionStep, env: ConstitutionEnv): BlastBudget | undefined =>
    file.blastRadius.find((b) => {
      if (!anyGlobMatch(b.tools, step.tool)) return false;
      const seconds = parseDuration(b.per) ?? 3600;
      return env.executedSince(b.tools, new Date(env.now.getTime() - seconds * 1000)) >= b.max;
    });

  const irreversible = (step: ConstitutionStep): boolean =>
    step.declared !== undefined && !step.declared.reversible && writes(step) && !step.rollbackPlan;

  return {
    apply(step, decision, env) {
      // A dry run never acts; shadow's own dry run lets the orchestrator record the whole plan (issue 12).
      if (decision.effect === 'deny' || decision.effect === 'dry_run_only') return decision;
      if (step.autonomy === 'shadow') {
        // Whatever a rule or override said, shadow only records a dry run.
        const { requirements: _none, ...rest } = decision;
        return {
          ...rest,
          effect: 'dry_run_only',
          rule: 'constitution#shadow-never-acts',
          reason: `autonomy is shadow: plan and record, never act (invariant shadow-never-acts; policy said ${decision.effect} by ${decision.rule})`,
        };
      }
      const refused = refusal(step, env);
      if (refused !== undefined) {
        const { requirements: _dropped, ...rest } = decision;
        return {
          ...rest,
          effect: 'deny',
          rule: `constitution#${refused.invariant}`,
          reason: `${refused.reason} (invariant ${refused.invariant}; policy said ${decision.effect} by ${decision.rule})`,
        };
      }
      let out = decision;
      if (irreversible(step)) {
        out = escalate(out, 'irreversible-needs-rollback-plan', 0, {
          acknowledge: 'irreversible',
          why: `${step.tool} cannot be undone and the plan records no rollback: each approver must acknowledge "irreversible"`,
        });
      }
      const budget = spentBudget(step, env);
      if (budget !== undefined) {
        out = escalate(out, 'blast-radius', budget.extraApprovals, {
          why: `blast-radius budget "${budget.name}" (${budget.max} per ${String(budget.per)}) is spent: ${budget.extraApprovals} more approval(s) needed`,
        });
      }
      return out;
    },

    gate(step, decided, env) {
      const refused = refusal(step, env);
      if (refused !== undefined) return refused;
      const budget = spentBudget(step, env);
      // A step approved with the budget's extra approval may run; any other must be re-requested.
      if (budget !== undefined && !decided.rule.startsWith('constitution#blast-radius')) {
        return {
          invariant: 'blast-radius',
          reason: `blast-radius budget "${budget.name}" was spent while this step waited; it needs a new request with the extra approval`,
        };
      }
      return undefined;
    },
  };

  function escalate(
    decision: Decision,
    invariant: Invariant,
    extra: number,
    o: { acknowledge?: 'irreversible'; why: string },
  ): Decision {
    const base: ApprovalRequirements = decision.requirements ?? defaultRequirements(decision.risk);
    const requirements: ApprovalRequirements = {
      ...base,
      // Constitution approvals never come from the requester alone.
      distinctFromRequester: base.distinctFromRequester || extra > 0,
      count: base.count + (decision.effect === 'approve' ? extra : Math.max(0, extra - 1)),
      ...(o.acknowledge === undefined && base.acknowledge === undefined
        ? {}
        : { acknowledge: 'irreversible' as const }),
    };
    return {
      ...decision,
      effect: 'approve',
      rule: `constitution#${invariant}`,
      reason: `${o.why} (invariant ${invariant}; policy said ${decision.effect} by ${decision.rule})`,
      requirements,
    };
  }
}
