import { riskRank } from '../core/index.js';
import type {
  ApprovalRequirements,
  AutonomyMode,
  Decision,
  PolicyEngine,
  PolicyEnv,
  PolicyStep,
  Principal,
  Risk,
} from '../core/index.js';
import { autonomyFor } from './autonomy.js';
import { computeRisk, targetRisk } from './compute-risk.js';
import { strictness } from './decision-strictness.js';
import { anyGlobMatch, globMatch } from './glob-match.js';
import type { LoadedPolicies, PolicyRule } from './loaded-policies.js';
import { ruleMatches } from './rule-matches.js';

/** Seconds the rate counters (`PolicyEnv.principalCalls`, `toolCalls`) must cover. */
export const RATE_WINDOW_SECONDS = 60;

/** Requirements when a rule or autonomy asks for approval without saying more. */
export function defaultRequirements(risk: Risk): ApprovalRequirements {
  return {
    count: 1,
    roles: [],
    distinctFromRequester: riskRank(risk) >= riskRank('high'),
    expiresInSeconds: 900,
    secondFactor: 'none',
  };
}

/**
 * Builds the pure, synchronous, default-deny engine over loaded policies. Order of evaluation: unknown
 * tool → deny list → rate limits → first matching rule (else `default-deny`) → autonomy, which only ever
 * tightens. A planner's suggested risk can raise the risk and can never make the effect less strict:
 * the engine also evaluates the step without the suggestion and keeps the stricter effect.
 */
export function createPolicyEngine(policies: LoadedPolicies): PolicyEngine {
  const roleEntries = Object.entries(policies.roles.roles);
  const rolesOf = (principalId: string): readonly string[] =>
    roleEntries.filter(([, members]) => anyGlobMatch(members, principalId)).map(([role]) => role);

  const isPrincipalAllowed = (principalId: string): boolean => {
    const { allowPrincipals, allowServers, denyPrincipals } = policies.roles;
    if (anyGlobMatch(denyPrincipals, principalId)) return false;
    if (anyGlobMatch(allowPrincipals, principalId)) return true;
    const server = serverOf(principalId);
    if (server !== undefined && anyGlobMatch(allowServers, server)) return true;
    return rolesOf(principalId).length > 0;
  };

  const evaluate = (principal: Principal, step: PolicyStep, risk: Risk, autonomy: AutonomyMode): Decision => {
    const rule = policies.rules.find((r) => ruleMatches(r.match, principal.roles, step, risk));
    if (rule === undefined) {
      return {
        effect: 'deny',
        rule: 'default-deny',
        reason: `no policy rule allows ${step.tool} at ${risk} risk for ${principal.id}`,
        risk,
        autonomy,
      };
    }
    return applyAutonomy(fromRule(rule, risk, autonomy), autonomy);
  };

  return {
    rateWindowSeconds: RATE_WINDOW_SECONDS,
    rolesOf,
    isPrincipalAllowed,
    decide(principal: Principal, step: PolicyStep, env: PolicyEnv): Decision {
      const autonomy = autonomyFor(policies.autonomy, step.domain, step.tool, env.autonomyOverrides);
      const risk = computeRisk(step);
      const deny = (rule: string, reason: string): Decision => ({
        effect: 'deny',
        rule,
        reason,
        risk,
        autonomy,
      });
      if (step.declared === undefined) {
        return deny('unknown-tool', `${step.tool} is not a known tool; unknown tools are always denied`);
      }
      if (anyGlobMatch(policies.roles.denyPrincipals, principal.id)) {
        return deny('principal-denied', `${principal.id} is on the deny list in roles.yaml`);
      }
      const limited = rateLimitReason(policies, principal.id, step.tool, env);
      if (limited !== undefined) return deny('rate-limit', limited);

      const decided = evaluate(principal, step, risk, autonomy);
      const base = targetRisk(step);
      if (base === risk) return decided;
      const unsuggested = evaluate(principal, step, base, autonomy);
      if (strictness(unsuggested.effect) <= strictness(decided.effect)) return decided;
      return {
        ...unsuggested,
        risk,
        reason: `${unsuggested.reason} (kept: a suggested risk never loosens a decision)`,
      };
    },
  };
}

function fromRule(rule: PolicyRule, risk: Risk, autonomy: AutonomyMode): Decision {
  const reason = rule.description ?? `rule ${rule.ref} says ${rule.effect}`;
  const decision: Decision = { effect: rule.effect, rule: rule.ref, reason, risk, autonomy };
  if (rule.effect !== 'approve') return decision;
  return { ...decision, requirements: { ...defaultRequirements(risk), ...rule.approval } };
}

/** Autonomy only tightens: shadow never acts; suggest and supervised/autonomous turn some allows into approvals. */
function applyAutonomy(decision: Decision, autonomy: AutonomyMode): Decision {
  if (decision.effect === 'deny') return decision;
  if (autonomy === 'shadow') {
    const { requirements: _dropped, ...rest } = decision;
    return {
      ...rest,
      effect: 'dry_run_only',
      reason: `${decision.reason}; autonomy is shadow: plan and record, never act`,
    };
  }
  if (decision.effect !== 'allow') return decision;
  const rank = riskRank(decision.risk);
  const needsApproval =
    autonomy === 'suggest' ||
    (autonomy === 'supervised' && rank > riskRank('low')) ||
    (autonomy === 'autonomous' && rank > riskRank('medium'));
  if (!needsApproval) return decision;
  return {
    ...decision,
    effect: 'approve',
    reason: `${decision.reason}; autonomy is ${autonomy}, so a ${decision.risk}-risk step needs approval`,
    requirements: defaultRequirements(decision.risk),
  };
}

function rateLimitReason(
  policies: LoadedPolicies,
  principalId: string,
  tool: string,
  env: PolicyEnv,
): string | undefined {
  for (const limit of policies.principalLimits) {
    if (env.principalCalls >= limit.perMinute) {
      return `rate limit: ${principalId} made ${env.principalCalls} tool calls in the last ${RATE_WINDOW_SECONDS}s; the limit is ${limit.perMinute} per minute (${limit.source})`;
    }
  }
  for (const limit of policies.toolLimits) {
    if (globMatch(limit.tool, tool) && env.toolCalls >= limit.perMinute) {
      return `rate limit: ${tool} ran ${env.toolCalls} times in the last ${RATE_WINDOW_SECONDS}s; the limit for ${limit.tool} is ${limit.perMinute} per minute (${limit.source})`;
    }
  }
  return undefined;
}

/** The homeserver of a Matrix principal (`matrix:@ana:example.org` → `example.org`), for `allow.servers`. */
function serverOf(principalId: string): string | undefined {
  const m = /^matrix:@[^:]+:(.+)$/.exec(principalId);
  return m?.[1];
}
