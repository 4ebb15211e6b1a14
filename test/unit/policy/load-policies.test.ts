import { join } from 'node:path';
import { expect } from 'chai';
import { WatchkeeperError } from '../../../src/core/index.js';
import { loadPolicies } from '../../../src/policy/index.js';
import type { PolicyFileError } from '../../../src/policy/index.js';
import { ROLES_YAML, writePolicyDir } from './policy-dir.js';

/** Runs the loader and returns the positioned errors it refused with. */
function loadErrors(dir: string): { message: string; errors: PolicyFileError[] } {
  try {
    loadPolicies(dir);
  } catch (err) {
    expect(err).to.be.instanceOf(WatchkeeperError);
    const e = err as WatchkeeperError;
    expect(e.code).to.equal('POLICY_INVALID');
    return { message: e.message, errors: (e.details as { errors: PolicyFileError[] }).errors };
  }
  throw new Error('expected loadPolicies to throw');
}

const GOOD = `version: 1
name: good
rules:
  - id: read
    match: { risk: low, roles: [sre] }
    effect: allow
`;

describe('loadPolicies', () => {
  it('loads rules in alphabetical file order with file#id refs and parsed approvals', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'b.policy.yaml': GOOD,
      'a.policy.yaml': `version: 1
name: a
defaults: { autonomy: { operations: autonomous } }
rules:
  - id: big
    match: { risk: '>=high', tool: 'sandbox.*' }
    effect: approve
    approval: { count: 2, roles: [sre], expiresIn: 1h30m, secondFactor: totp }
`,
    });
    const p = loadPolicies(dir);
    expect(p.files).to.deep.equal([join(dir, 'a.policy.yaml'), join(dir, 'b.policy.yaml')]);
    expect(p.rules.map((r) => r.ref)).to.deep.equal(['a.policy.yaml#big', 'b.policy.yaml#read']);
    expect(p.rules[0]?.match.risk).to.deep.equal(['high', 'critical']);
    expect(p.rules[0]?.match.tool).to.deep.equal(['sandbox.*']);
    expect(p.rules[0]?.approval).to.deep.equal({
      count: 2,
      roles: ['sre'],
      expiresInSeconds: 5400,
      secondFactor: 'totp',
    });
    expect(p.rules[0]?.line).to.equal(5);
    expect(p.autonomy).to.deep.equal({ operations: 'autonomous' });
  });

  it('lists every error of every file at once, each with file, line and reason', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'a.policy.yaml': `version: 1
name: a
rules:
  - id: first
    effect: allow
  - id: second
    colour: red
    match: { roles: [sre] }
    effect: maybe
`,
      'b.policy.yaml': `version: 1
name: b
rules: [ { id: x, effect: allow
`,
      'c.policy.yaml': `version: 1
name: c
rules:
  - id: ok
    effect: deny
  - id: first
    effect: deny
`,
    });
    const { message, errors } = loadErrors(dir);
    const a = join(dir, 'a.policy.yaml');
    const c = join(dir, 'c.policy.yaml');
    expect(errors).to.deep.include({ file: a, line: 7, message: 'rules.1.colour: unknown key' });
    expect(errors).to.deep.include({
      file: a,
      line: 9,
      message: 'rules.1.effect: expected one of allow|deny|approve|dry_run_only',
    });
    expect(errors).to.deep.include({
      file: c,
      line: 6,
      message: `rules.1.id: duplicate rule id "first" (first defined at ${a}:4)`,
    });
    const syntax = errors.filter((e) => e.file === join(dir, 'b.policy.yaml'));
    expect(syntax).to.have.length.greaterThan(0);
    expect(syntax[0]?.message).to.match(/^YAML syntax error: /);
    expect(syntax[0]?.line).to.be.greaterThan(0);
    expect(message).to.include(`${a}:9: rules.1.effect: expected one of allow|deny|approve|dry_run_only`);
  });

  it('rejects unknown roles, approvals on non-approve rules, bad durations and a wrong version', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'x.policy.yaml': `version: 2
name: x
rules:
  - id: r1
    match: { roles: [sre, wizards] }
    effect: allow
    approval: { count: 1 }
  - id: r2
    effect: approve
    approval: { roles: [nobody], expiresIn: soon }
  - id: r3
    match: { risk: '>=extreme' }
    effect: deny
`,
    });
    const file = join(dir, 'x.policy.yaml');
    const lines = loadErrors(dir).errors.map((e) => `${e.line}: ${e.message}`);
    expect(lines).to.include('1: version: expected 1');
    expect(lines.some((l) => l.startsWith('10: rules.1.approval.expiresIn: expected a duration'))).to.equal(
      true,
    );
    expect(lines.some((l) => l.startsWith('12: rules.2.match.risk: expected a risk'))).to.equal(true);
    expect(loadErrors(dir).errors.every((e) => e.file === file)).to.equal(true);
  });

  it('checks role names once the schema holds', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'x.policy.yaml': `version: 1
name: x
rules:
  - id: r1
    match: { roles: [sre, wizards] }
    effect: allow
    approval: { count: 1 }
  - id: r2
    effect: approve
    approval: { roles: [nobody] }
`,
    });
    const lines = loadErrors(dir).errors.map((e) => `${e.line}: ${e.message}`);
    expect(lines.some((l) => l.startsWith('5: rules.0.match.roles.1: unknown role "wizards"'))).to.equal(
      true,
    );
    expect(lines).to.include('7: rules.0.approval: only valid with effect approve (effect is allow)');
    expect(lines.some((l) => l.startsWith('10: rules.1.approval.roles.0: unknown role "nobody"'))).to.equal(
      true,
    );
  });

  it('refuses a folder without roles.yaml or without policy files', () => {
    const noRoles = writePolicyDir({ 'a.policy.yaml': GOOD });
    expect(loadErrors(noRoles).errors).to.deep.include({
      file: join(noRoles, 'roles.yaml'),
      line: 0,
      message: 'cannot read file (ENOENT)',
    });
    const empty = writePolicyDir({ 'roles.yaml': ROLES_YAML });
    expect(loadErrors(empty).errors[0]?.message).to.match(/no \*\.policy\.yaml files/);
    const missing = join(empty, 'nope');
    expect(loadErrors(missing).errors).to.deep.equal([
      { file: missing, line: 0, message: 'cannot read the policy folder (ENOENT)' },
    ]);
  });

  it('reports a bad roles.yaml with its line', () => {
    const dir = writePolicyDir({
      'roles.yaml': `roles:\n  sre:\n    members: ['a']\n    admins: ['b']\n`,
      'a.policy.yaml': GOOD,
    });
    expect(loadErrors(dir).errors).to.deep.include({
      file: join(dir, 'roles.yaml'),
      line: 4,
      message: 'roles.sre.admins: unknown key',
    });
  });

  it('keeps the strictest autonomy when files disagree and every limit', () => {
    const dir = writePolicyDir({
      'roles.yaml': ROLES_YAML,
      'a.policy.yaml': `version: 1\nname: a\ndefaults: { autonomy: { operations: autonomous } }\nlimits: { principal: { perMinute: 10 } }\nrules: []\n`,
      'b.policy.yaml': `version: 1\nname: b\ndefaults: { autonomy: { operations: suggest } }\nlimits: { tool: { 'x.*': { perMinute: 3 } } }\nrules: []\n`,
    });
    const p = loadPolicies(dir);
    expect(p.autonomy).to.deep.equal({ operations: 'suggest' });
    expect(p.principalLimits).to.deep.equal([{ perMinute: 10, source: 'a.policy.yaml' }]);
    expect(p.toolLimits).to.deep.equal([{ tool: 'x.*', perMinute: 3, source: 'b.policy.yaml' }]);
  });
});
