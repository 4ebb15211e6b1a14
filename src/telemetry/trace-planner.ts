import {
  SPAN_NAMES,
  WatchkeeperError,
  type Goal,
  type Plan,
  type PlanContext,
  type Planner,
  type Signal,
  type SpanAttributes,
  type Tracer,
} from '../core/index.js';

/**
 * Times every planning call. A plan that becomes a run is kept for the run span, which adopts it as its
 * first child (the run id does not exist yet while planning); a failed or empty plan never becomes a
 * run, so its span is exported on its own. Returns `planner` itself when tracing is off.
 */
export function tracePlanner(planner: Planner, tracer: Tracer): Planner {
  if (!tracer.enabled) return planner;
  return {
    id: planner.id,
    async plan(goal: Goal, context: PlanContext, signal?: Signal): Promise<Plan> {
      const startTime = tracer.now();
      const base: SpanAttributes = {
        'watchkeeper.skill': goal.skill,
        'watchkeeper.domain': goal.domain,
        'watchkeeper.incident_id': context.incident?.id,
        'watchkeeper.command': goal.command?.name,
      };
      let plan: Plan;
      try {
        plan = await planner.plan(goal, context, signal);
      } catch (err) {
        const span = tracer.startSpan(SPAN_NAMES.plan, {
          startTime,
          attributes: { ...base, 'watchkeeper.planner': planner.id },
        });
        span.fail(
          err instanceof WatchkeeperError ? err.code : 'INTERNAL',
          err instanceof Error ? err.message : String(err),
        );
        span.end();
        throw err;
      }
      const attributes: SpanAttributes = {
        ...base,
        'watchkeeper.planner': plan.planner,
        'watchkeeper.playbook': plan.playbook,
        'watchkeeper.step_count': plan.steps.length,
        'gen_ai.usage.input_tokens': plan.usage?.inputTokens,
        'gen_ai.usage.output_tokens': plan.usage?.outputTokens,
      };
      if (plan.steps.length > 0) {
        tracer.notePlanning(plan, { startTime, endTime: tracer.now(), attributes });
        return plan;
      }
      tracer.startSpan(SPAN_NAMES.plan, { startTime, attributes }).end();
      return plan;
    },
  };
}
