import { llmPlanSchema } from './llm-plan-schema.js';
import type { Step, Tool } from '../core/index.js';

export interface DroppedStep {
  readonly index: number;
  readonly tool: string;
  readonly reason: string;
}

/** The outcome of checking a model's answer; recorded in the audit ledger as it is. */
export type PlanValidation =
  | { readonly ok: false; readonly reason: string }
  | {
      readonly ok: true;
      readonly summary: string;
      readonly steps: readonly Step[];
      readonly dropped: readonly DroppedStep[];
    };

/**
 * Never trusts the model: the answer must be JSON matching the plan schema; each step must name a tool
 * of the skill's catalogue and carry input its zod schema accepts (the parsed, normalised input is kept);
 * steps past `maxSteps` are dropped. Every dropped step keeps its reason. The model's risk is kept only
 * as `suggestedRisk`, which the policy can use to raise a step's risk, never to lower it.
 */
export function validateLlmPlan(content: string, tools: readonly Tool[], maxSteps: number): PlanValidation {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    return {
      ok: false,
      reason: `the answer is not JSON (${err instanceof Error ? err.message : 'parse error'})`,
    };
  }
  const parsed = llmPlanSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return {
      ok: false,
      reason: `the answer does not match the plan schema: ${issues.slice(0, 5).join('; ')}`,
    };
  }
  const byName = new Map(tools.map((t) => [t.name, t]));
  const steps: Step[] = [];
  const dropped: DroppedStep[] = [];
  parsed.data.steps.forEach((s, index) => {
    const drop = (reason: string): void => void dropped.push({ index, tool: s.tool, reason });
    if (steps.length >= maxSteps) return drop(`more than ${maxSteps} steps`);
    const tool = byName.get(s.tool);
    if (tool === undefined)
      return drop(`unknown tool "${s.tool}" (not in the ${tools.length}-tool catalogue)`);
    let input: unknown;
    try {
      input = JSON.parse(s.input);
    } catch {
      return drop(`input of ${s.tool} is not JSON`);
    }
    const checked = tool.input.safeParse(input);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
      return drop(`input rejected by the ${s.tool} schema: ${issues.join('; ')}`);
    }
    steps.push({
      tool: tool.name,
      input: checked.data,
      rationale: s.rationale,
      evidence: s.evidence,
      ...(s.risk === null ? {} : { suggestedRisk: s.risk }),
    });
  });
  return { ok: true, summary: parsed.data.summary, steps, dropped };
}
