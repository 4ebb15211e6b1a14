import { WatchkeeperError } from '../core/index.js';
import type { Goal, Plan, PlanContext, Planner, Signal } from '../core/index.js';
import type { LlmPlanner } from './create-llm-planner.js';

/**
 * How a domain plans: `playbook` only; `llm` first (playbook as the fallback); `auto` playbooks first,
 * the model for whatever no playbook covers (the default when a model is configured).
 */
export const PLANNER_MODES = ['playbook', 'llm', 'auto'] as const;
export type PlannerMode = (typeof PLANNER_MODES)[number];

export interface PlannerSetOptions {
  readonly playbook: Planner;
  /** Absent without a model: the playbook planner is returned as it is. */
  readonly llm?: LlmPlanner;
  /** Per-domain pinning, e.g. `{ operations: 'playbook', security: 'llm' }`. */
  readonly modes: Readonly<Record<string, PlannerMode>>;
  readonly defaultMode: PlannerMode;
}

/**
 * One {@link Planner} over the playbook planner and the language-model planner, chosen per domain.
 * Whenever the model's plan is not used, the plan says why in its `notes` (shown in the thread); when
 * nothing is left, it throws `PLAN_INVALID` "no plan … a human needs to look", which the intake posts to
 * the incident's thread and the gateway answers in chat. A spent token budget means playbooks only.
 */
export function createPlanner(o: PlannerSetOptions): Planner {
  const llm = o.llm;
  if (llm === undefined) return o.playbook;
  const modeOf = (domain: string): PlannerMode =>
    Object.prototype.hasOwnProperty.call(o.modes, domain)
      ? (o.modes[domain] ?? o.defaultMode)
      : o.defaultMode;

  async function plan(goal: Goal, context: PlanContext, signal?: Signal): Promise<Plan> {
    const mode = modeOf(goal.domain);
    if (mode === 'playbook' || llm === undefined) return o.playbook.plan(goal, context, signal);
    if (mode === 'auto') {
      const fromPlaybook = await o.playbook.plan(goal, context, signal);
      if (fromPlaybook.steps.length > 0) return fromPlaybook;
      const outcome = await llm.propose(goal, context, signal);
      if (outcome.ok) return outcome.plan;
      if (outcome.why === 'budget') return withNote(fromPlaybook, `Playbooks only: ${outcome.reason}.`);
      throw humanNeeded(outcome.reason);
    }
    const outcome = await llm.propose(goal, context, signal);
    if (outcome.ok) return outcome.plan;
    const fallback = await o.playbook.plan(goal, context, signal);
    if (fallback.steps.length > 0 || outcome.why === 'budget') {
      const by = fallback.playbook === undefined ? 'the playbooks' : `playbook ${fallback.playbook}`;
      return withNote(
        fallback,
        `The language model's plan was not used (${outcome.reason}); falling back to ${by}.`,
      );
    }
    throw humanNeeded(outcome.reason);
  }

  return { id: `${o.playbook.id}+${llm.id}`, plan };
}

function withNote(plan: Plan, note: string): Plan {
  return { ...plan, notes: [...(plan.notes ?? []), note] };
}

function humanNeeded(reason: string): WatchkeeperError {
  return new WatchkeeperError(
    'PLAN_INVALID',
    `no plan: the language model's plan was not used (${reason}) and no playbook covers this; a human needs to look`,
    { reason },
  );
}
