import { stepDigest, type NewStep, type Plan, type Target, type ToolRegistry } from '../core/index.js';

/** A step ready to store, with what policy needs to know about its target. */
export interface PreparedStep extends NewStep {
  readonly target: Target;
}

const UNKNOWN_TARGET: Target = { environment: 'unknown' };

/**
 * Normalises each step's input through its tool's schema and computes the digest an approval binds
 * to. An unknown tool or bad input is kept as proposed (so the audit shows it); the orchestrator
 * refuses it at decision time.
 */
export function prepareSteps(plan: Plan, tools: ToolRegistry): PreparedStep[] {
  return plan.steps.map((s) => {
    const tool = tools.get(s.tool);
    if (tool === undefined) {
      return { ...base(s), target: UNKNOWN_TARGET, digest: stepDigest(s.tool, s.input, UNKNOWN_TARGET) };
    }
    const parsed = tool.input.safeParse(s.input);
    if (!parsed.success) {
      return { ...base(s), target: UNKNOWN_TARGET, digest: stepDigest(s.tool, s.input, UNKNOWN_TARGET) };
    }
    const target = tool.target(parsed.data);
    return { ...base(s), input: parsed.data, target, digest: stepDigest(s.tool, parsed.data, target) };
  });
}

function base(s: Plan['steps'][number]): { tool: string; input: unknown; rationale: string } {
  return { tool: s.tool, input: s.input, rationale: s.rationale };
}
