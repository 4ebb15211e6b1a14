import { join } from 'node:path';
import { expect } from 'chai';
import { WatchkeeperError } from '../../../src/core/index.js';
import {
  createPolicyEngine,
  formatPolicyTestReport,
  loadPolicies,
  policyCheck,
  runPolicyTests,
} from '../../../src/policy/index.js';
import { ROLES_YAML, writePolicyDir } from './policy-dir.js';

const POLICY = `version: 1
name: p
rules:
  - id: reads
    match: { risk: low, roles: [sre] }
    effect: allow
`;

describe('runPolicyTests', () => {
  it('passes every case of the shipped policies/', () => {
    const report = runPolicyTests('policies/', createPolicyEngine(loadPolicies('policies/')));
    const failures = report.results
      .filter((r) => !r.passed)
      .map((r) => `${r.file}:${r.line} ${r.name}: ${r.diff.join('; ')}`);
    expect(failures).to.deep.equal([]);
    expect(report.files).to.deep.equal([join('policies', 'default.policy.test.yaml')]);
    expect(report.passed).to.be.greaterThan(10);
  });

  it('reports a failing case with its file, line and a readable diff', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'p.policy.yaml': POLICY,
      // An unconfigured domain is in shadow; this test is about rules, so the domain is supervised.
      'a.policy.yaml': 'version: 1\nname: a\ndefaults: { autonomy: { operations: supervised } }\nrules: []\n',
      'p.policy.test.yaml': `cases:
  - name: reads are allowed
    principal: { id: 'console:operator' }
    step: { domain: operations, skill: ops, tool: sandbox.logs, risk: low, target: { environment: sandbox } }
    expect: { effect: allow, rule: reads }
  - name: wrongly expects a rollback to be allowed
    principal: { id: 'console:operator' }
    step: { domain: operations, skill: ops, tool: sandbox.rollback, risk: high, target: { environment: sandbox } }
    expect: { effect: allow, rule: reads, risk: medium, approvableBy: ['console:alice'] }
`,
    });
    const report = runPolicyTests(dir, createPolicyEngine(loadPolicies(dir)));
    expect(report).to.include({ passed: 1, failed: 1 });
    const failed = report.results[1];
    expect(failed).to.include({ file: join(dir, 'p.policy.test.yaml'), line: 6, passed: false });
    expect(failed?.diff).to.deep.equal([
      `effect: expected allow, got deny (rule default-deny: ${failed?.decision.reason})`,
      'rule: expected reads, got default-deny',
      'risk: expected medium, got high',
      'approvableBy: console:alice cannot approve: the decision needs no approval',
    ]);
    const text = formatPolicyTestReport(report);
    expect(text).to.include(
      `FAIL ${join(dir, 'p.policy.test.yaml')}:6: wrongly expects a rollback to be allowed`,
    );
    expect(text).to.include('1 passed, 1 failed (1 test files)');
  });

  it('refuses a malformed test file naming file and line', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'p.policy.yaml': POLICY,
      'p.policy.test.yaml': `cases:
  - name: typo
    principal: { id: x }
    step: { domain: d, skill: s, tool: t, target: { environment: e } }
    expect: { efect: allow }
`,
    });
    try {
      runPolicyTests(dir, createPolicyEngine(loadPolicies(dir)));
      expect.fail('expected a POLICY_INVALID error');
    } catch (err) {
      expect(err).to.be.instanceOf(WatchkeeperError);
      expect((err as WatchkeeperError).code).to.equal('POLICY_INVALID');
      expect((err as WatchkeeperError).message).to.include(
        `${join(dir, 'p.policy.test.yaml')}:5: cases.0.expect.efect: unknown key`,
      );
    }
  });
});

describe('policyCheck', () => {
  it('summarises the shipped policies', () => {
    const result = policyCheck('policies/');
    expect(result.ok).to.equal(true);
    expect(result.text).to.match(
      /^policies\/: 1 policy file\(s\), \d+ rule\(s\), 6 role\(s\); no match → deny/,
    );
    expect(result.text).to.include('high-risk-approve → approve');
  });

  it('lists every error as file:line: reason', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'p.policy.yaml': POLICY.replace('effect: allow', 'effect: permit'),
    });
    const result = policyCheck(dir);
    expect(result.ok).to.equal(false);
    expect(result.text).to.equal(
      `${join(dir, 'p.policy.yaml')}:6: rules.0.effect: expected one of allow|deny|approve|dry_run_only`,
    );
  });
});
