import { expect } from 'chai';
import type { PolicyEnv, PolicyStep, Principal, Risk } from '../../../src/core/index.js';
import { computeRisk, createPolicyEngine, loadPolicies } from '../../../src/policy/index.js';
import { ROLES_YAML, writePolicyDir } from './policy-dir.js';

const env: PolicyEnv = { now: new Date('2024-01-01T00:00:00Z'), principalCalls: 0, toolCalls: 0 };

function principal(id: string, roles: readonly string[]): Principal {
  return { id, kind: 'person', displayName: id, roles };
}

function step(tool: string, risk: Risk | undefined, extra: Partial<PolicyStep> = {}): PolicyStep {
  return {
    domain: 'operations',
    skill: 'operations',
    tool,
    ...(risk !== undefined ? { declared: { risk, reversible: true, scope: 'sandbox:test' } } : {}),
    target: { environment: 'sandbox', service: 'checkout-api' },
    ...extra,
  };
}

function engineWith(policy: string) {
  return createPolicyEngine(
    loadPolicies(writePolicyDir({ 'roles.yaml': ROLES_YAML, 'p.policy.yaml': policy })),
  );
}

const RULES = `version: 1
name: p
defaults:
  autonomy: { operations: autonomous, operations.sandbox.scale: supervised, security: shadow, support: suggest }
limits:
  principal: { perMinute: 10 }
  tool: { 'sandbox.rollback': { perMinute: 2 } }
rules:
  - id: no-prod-flags
    description: Flags in production are changed by hand.
    match: { tool: sandbox.flip_flag, environment: production }
    effect: deny
  - id: preview-db
    match: { service: 'billing-*' }
    effect: dry_run_only
  - id: vip
    match: { tags: [vip], roles: [sre] }
    effect: approve
    approval: { count: 2, roles: [sre, security] }
  - id: writes
    match: { risk: ['low', 'medium', 'high'], roles: [sre, oncall] }
    effect: allow
`;

describe('createPolicyEngine', () => {
  const engine = engineWith(RULES);
  const sre = principal('console:operator', ['sre', 'oncall']);

  it('denies an unknown tool with rule unknown-tool whatever the roles', () => {
    const d = engine.decide(sre, step('sandbox.format_disk', undefined), env);
    expect(d).to.include({ effect: 'deny', rule: 'unknown-tool', risk: 'critical' });
  });

  it('denies by default when no rule matches', () => {
    const d = engine.decide(principal('slack:U1', []), step('sandbox.logs', 'low'), env);
    expect(d).to.include({ effect: 'deny', rule: 'default-deny' });
    expect(d.reason).to.include('sandbox.logs');
  });

  it('names the matching rule as file#id with its description, first match winning', () => {
    const d = engine.decide(
      sre,
      step('sandbox.flip_flag', 'medium', { target: { environment: 'production' } }),
      env,
    );
    expect(d).to.deep.equal({
      effect: 'deny',
      rule: 'p.policy.yaml#no-prod-flags',
      reason: 'Flags in production are changed by hand.',
      risk: 'high',
      autonomy: 'autonomous',
    });
    const preview = engine.decide(
      sre,
      step('sandbox.scale', 'medium', { target: { environment: 'sandbox', service: 'billing-db' } }),
      env,
    );
    expect(preview).to.include({ effect: 'dry_run_only', rule: 'p.policy.yaml#preview-db' });
  });

  it('fills approval requirements from the rule and the defaults', () => {
    const d = engine.decide(
      sre,
      step('sandbox.logs', 'low', { target: { environment: 'sandbox', tags: ['vip'] } }),
      env,
    );
    expect(d.effect).to.equal('approve');
    expect(d.requirements).to.deep.equal({
      count: 2,
      roles: ['sre', 'security'],
      distinctFromRequester: false,
      expiresInSeconds: 900,
      secondFactor: 'none',
    });
  });

  it('denies over the per-principal and per-tool rate limits with a clear reason', () => {
    const byPrincipal = engine.decide(sre, step('sandbox.logs', 'low'), { ...env, principalCalls: 10 });
    expect(byPrincipal).to.include({ effect: 'deny', rule: 'rate-limit' });
    expect(byPrincipal.reason).to.include(
      'console:operator made 10 tool calls in the last 60s; the limit is 10 per minute',
    );
    const byTool = engine.decide(sre, step('sandbox.rollback', 'high'), { ...env, toolCalls: 2 });
    expect(byTool).to.include({ effect: 'deny', rule: 'rate-limit' });
    expect(byTool.reason).to.include('sandbox.rollback ran 2 times');
    expect(engine.decide(sre, step('sandbox.rollback', 'high'), { ...env, toolCalls: 1 }).rule).to.not.equal(
      'rate-limit',
    );
    expect(engine.decide(sre, step('sandbox.logs', 'low'), { ...env, toolCalls: 99 }).effect).to.equal(
      'allow',
    );
  });

  describe('autonomy only tightens', () => {
    it('autonomous: up to medium runs alone, high needs approval', () => {
      expect(engine.decide(sre, step('sandbox.restart', 'medium'), env)).to.include({
        effect: 'allow',
        autonomy: 'autonomous',
      });
      const high = engine.decide(sre, step('sandbox.rollback', 'high'), env);
      expect(high).to.include({ effect: 'approve', rule: 'p.policy.yaml#writes', autonomy: 'autonomous' });
      expect(high.reason).to.match(/autonomy is autonomous/);
      expect(high.requirements).to.deep.equal({
        count: 1,
        roles: [],
        distinctFromRequester: true,
        expiresInSeconds: 900,
        secondFactor: 'none',
      });
    });

    it('domain.tool is more specific than domain: supervised scale needs approval, low still runs', () => {
      expect(engine.decide(sre, step('sandbox.scale', 'medium'), env)).to.include({
        effect: 'approve',
        autonomy: 'supervised',
      });
      expect(engine.decide(sre, step('sandbox.scale', 'low'), env)).to.include({
        effect: 'allow',
        autonomy: 'supervised',
      });
    });

    it('suggest: even a low-risk allow becomes an approval', () => {
      expect(engine.decide(sre, step('sandbox.logs', 'low', { domain: 'support' }), env)).to.include({
        effect: 'approve',
        autonomy: 'suggest',
      });
    });

    it('shadow: never acts, and deny stays deny', () => {
      const d = engine.decide(sre, step('sandbox.logs', 'low', { domain: 'security' }), env);
      expect(d).to.include({ effect: 'dry_run_only', autonomy: 'shadow' });
      expect(d.requirements).to.equal(undefined);
      const denied = engine.decide(
        principal('x', []),
        step('sandbox.logs', 'low', { domain: 'security' }),
        env,
      );
      expect(denied).to.include({ effect: 'deny', autonomy: 'shadow' });
    });

    it('defaults to shadow for a domain no file mentions: it plans and records, never acts', () => {
      expect(engine.decide(sre, step('sandbox.scale', 'medium', { domain: 'finance' }), env)).to.include({
        effect: 'dry_run_only',
        autonomy: 'shadow',
      });
    });
  });

  it('a suggested risk never loosens the decision, even when a rule would allow the higher risk', () => {
    const e = engineWith(`version: 1
name: p
defaults: { autonomy: { operations: autonomous } }
rules:
  - { id: crit-ok, match: { risk: critical }, effect: allow }
  - { id: high-no, match: { risk: high }, effect: deny }
`);
    const d = e.decide(sre, step('sandbox.rollback', 'high', { suggestedRisk: 'critical' }), env);
    expect(d).to.include({ effect: 'deny', rule: 'p.policy.yaml#high-no', risk: 'critical' });
  });

  it('denies principals on the deny list and resolves roles and allow lists from roles.yaml', () => {
    expect(engine.decide(principal('console:mallory', ['sre']), step('sandbox.logs', 'low'), env)).to.include(
      {
        effect: 'deny',
        rule: 'principal-denied',
      },
    );
    expect(engine.rolesOf('console:operator')).to.deep.equal(['sre', 'oncall']);
    expect(engine.rolesOf('console:security-lead')).to.deep.equal(['security']);
    expect(engine.rolesOf('slack:U999')).to.deep.equal([]);
    expect(engine.isPrincipalAllowed('console:anyone')).to.equal(true);
    expect(engine.isPrincipalAllowed('console:mallory')).to.equal(false);
    expect(engine.isPrincipalAllowed('matrix:@ana:chat.example.org')).to.equal(true);
    expect(engine.isPrincipalAllowed('matrix:@eve:evil.net')).to.equal(false);
    expect(engine.isPrincipalAllowed('watchkeeper')).to.equal(true);
    expect(engine.rateWindowSeconds).to.equal(60);
  });
});

describe('computeRisk', () => {
  it('starts from the declared risk and raises it for production writes and sensitive tags', () => {
    expect(computeRisk(step('t', 'low'))).to.equal('low');
    expect(computeRisk(step('t', 'low', { target: { environment: 'production' } }))).to.equal('low');
    expect(computeRisk(step('t', 'medium', { target: { environment: 'production' } }))).to.equal('high');
    expect(computeRisk(step('t', 'critical', { target: { environment: 'production' } }))).to.equal(
      'critical',
    );
    expect(
      computeRisk(step('t', 'low', { target: { environment: 'sandbox', tags: ['crown-jewel'] } })),
    ).to.equal('high');
    expect(computeRisk(step('t', 'medium', { target: { environment: 'sandbox', tags: ['pii'] } }))).to.equal(
      'high',
    );
  });

  it('lets a planner raise the risk but never lower it', () => {
    expect(computeRisk(step('t', 'low', { suggestedRisk: 'high' }))).to.equal('high');
    expect(computeRisk(step('t', 'high', { suggestedRisk: 'low' }))).to.equal('high');
  });
});
