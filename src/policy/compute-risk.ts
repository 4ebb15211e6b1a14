import { maxRisk } from '../core/index.js';
import type { PolicyStep, Risk } from '../core/index.js';

/** Target tags that make any action on the asset at least `high`. */
export const SENSITIVE_TAGS: readonly string[] = ['crown-jewel', 'pii'];

/** The environment whose writes are at least `high`. */
export const PRODUCTION = 'production';

/**
 * Risk from the tool's declaration and the target, ignoring the planner's suggestion: production makes
 * any non-read at least `high`; crown-jewel or PII assets make anything at least `high`. A tool the
 * catalogue does not know is treated as `critical` (it is denied anyway).
 */
export function targetRisk(step: PolicyStep): Risk {
  if (step.declared === undefined) return 'critical';
  let risk = step.declared.risk;
  if (step.target.environment === PRODUCTION && step.declared.risk !== 'low') risk = maxRisk(risk, 'high');
  if ((step.target.tags ?? []).some((t) => SENSITIVE_TAGS.includes(t))) risk = maxRisk(risk, 'high');
  return risk;
}

/** The step's risk: `targetRisk`, raised (never lowered) by the planner's `suggestedRisk`. */
export function computeRisk(step: PolicyStep): Risk {
  return maxRisk(targetRisk(step), step.suggestedRisk);
}
