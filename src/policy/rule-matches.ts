import type { PolicyStep, Risk } from '../core/index.js';
import { anyGlobMatch } from './glob-match.js';
import type { RuleMatch } from './loaded-policies.js';

/**
 * Whether a rule's `match` holds for this step. Every field present must hold (AND); within a list any
 * entry may match (OR). A field naming something the step lacks (e.g. `service` with no target service)
 * does not match.
 */
export function ruleMatches(
  match: RuleMatch,
  roles: readonly string[],
  step: PolicyStep,
  risk: Risk,
): boolean {
  const glob = (patterns: readonly string[] | undefined, value: string | undefined): boolean =>
    patterns === undefined || (value !== undefined && anyGlobMatch(patterns, value));
  return (
    glob(match.domain, step.domain) &&
    glob(match.skill, step.skill) &&
    glob(match.tool, step.tool) &&
    glob(match.environment, step.target.environment) &&
    glob(match.service, step.target.service) &&
    (match.tags === undefined || (step.target.tags ?? []).some((t) => match.tags?.includes(t))) &&
    (match.risk === undefined || match.risk.includes(risk)) &&
    (match.roles === undefined || roles.some((r) => match.roles?.includes(r)))
  );
}
