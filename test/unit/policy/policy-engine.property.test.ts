import { expect } from 'chai';
import fc from 'fast-check';
import { AUTONOMY_MODES, RISKS, riskRank } from '../../../src/core/index.js';
import type { DecisionEffect, PolicyEnv, PolicyStep, Principal, Risk } from '../../../src/core/index.js';
import { createPolicyEngine, loadPolicies, strictness } from '../../../src/policy/index.js';
import type { LoadedPolicies, PolicyRule } from '../../../src/policy/index.js';

const shipped = loadPolicies('policies/');
const env: PolicyEnv = { now: new Date(0), principalCalls: 0, toolCalls: 0 };
const EFFECTS: readonly DecisionEffect[] = ['allow', 'approve', 'dry_run_only', 'deny'];
const knownRoles = Object.keys(shipped.roles.roles);

const risk = fc.constantFrom<Risk>(...RISKS);
const roleArb = fc.array(fc.oneof(fc.constantFrom(...knownRoles), fc.string()), { maxLength: 4 });
const target = fc.record({
  environment: fc.oneof(fc.constantFrom('sandbox', 'production'), fc.string()),
  tags: fc.subarray(['crown-jewel', 'pii', 'vip', 'edge']),
});
const toolName = fc.oneof(
  fc.constantFrom('sandbox.rollback', 'sandbox.logs', 'sandbox.disable_account', 'sandbox.ticket_comment'),
  fc.string({ minLength: 1 }),
);
const domain = fc.constantFrom('operations', 'security', 'support', 'finance');

/** Random rule sets, so properties hold for any policy, not only the shipped one. */
const randomPolicies: fc.Arbitrary<LoadedPolicies> = fc
  .record({
    rules: fc.array(
      fc.record({
        effect: fc.constantFrom<DecisionEffect>(...EFFECTS),
        risk: fc.option(fc.subarray([...RISKS], { minLength: 1 }), { nil: undefined }),
        roles: fc.option(fc.subarray(knownRoles, { minLength: 1 }), { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
    autonomy: fc.dictionary(domain, fc.constantFrom(...AUTONOMY_MODES)),
  })
  .map(({ rules, autonomy }) => ({
    ...shipped,
    autonomy,
    principalLimits: [],
    toolLimits: [],
    rules: rules.map((r, i): PolicyRule => ({
      ref: `random.policy.yaml#r${i}`,
      id: `r${i}`,
      file: 'random.policy.yaml',
      line: i + 1,
      effect: r.effect,
      match: { ...(r.risk ? { risk: r.risk } : {}), ...(r.roles ? { roles: r.roles } : {}) },
    })),
  }));
const policiesArb = fc.oneof(fc.constant(shipped), randomPolicies);

function person(id: string, roles: readonly string[]): Principal {
  return { id, kind: 'person', displayName: id, roles };
}

describe('policy engine properties', () => {
  it('(1) a tool with no declaration is denied for any principal, roles, target and policy', () => {
    fc.assert(
      fc.property(
        policiesArb,
        toolName,
        roleArb,
        target,
        domain,
        fc.option(risk, { nil: undefined }),
        (p, tool, roles, t, d, s) => {
          const step: PolicyStep = {
            domain: d,
            skill: d,
            tool,
            target: t,
            ...(s ? { suggestedRisk: s } : {}),
          };
          const decision = createPolicyEngine(p).decide(person('console:operator', roles), step, env);
          expect(decision.effect).to.equal('deny');
          expect(decision.rule).to.equal('unknown-tool');
        },
      ),
    );
  });

  it('(2) a suggested risk raises the risk to at least both and never makes the effect less strict', () => {
    fc.assert(
      fc.property(
        policiesArb,
        toolName,
        risk,
        risk,
        roleArb,
        target,
        domain,
        (p, tool, declared, suggested, roles, t, d) => {
          const engine = createPolicyEngine(p);
          const base: PolicyStep = {
            domain: d,
            skill: d,
            tool,
            declared: { risk: declared, reversible: true, scope: 's' },
            target: t,
          };
          const who = person('console:operator', roles);
          const without = engine.decide(who, base, env);
          const withSuggestion = engine.decide(who, { ...base, suggestedRisk: suggested }, env);
          expect(riskRank(withSuggestion.risk)).to.be.at.least(riskRank(declared));
          expect(riskRank(withSuggestion.risk)).to.be.at.least(riskRank(suggested));
          expect(riskRank(withSuggestion.risk)).to.be.at.least(riskRank(without.risk));
          expect(strictness(withSuggestion.effect)).to.be.at.least(strictness(without.effect));
        },
      ),
    );
  });

  it('(3) a principal whose roles are all unknown to roles.yaml is never allowed a high or critical tool', () => {
    const engine = createPolicyEngine(shipped);
    const unknownRoles = fc.array(
      fc.string().filter((r) => !knownRoles.includes(r)),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(
        toolName,
        fc.constantFrom<Risk>('high', 'critical'),
        unknownRoles,
        target,
        domain,
        fc.option(risk, { nil: undefined }),
        (tool, declared, roles, t, d, s) => {
          const step: PolicyStep = {
            domain: d,
            skill: d,
            tool,
            declared: { risk: declared, reversible: false, scope: 's' },
            target: t,
            ...(s ? { suggestedRisk: s } : {}),
          };
          expect(engine.decide(person('slack:U-random', roles), step, env).effect).to.not.equal('allow');
        },
      ),
    );
  });
});
