import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConstitutionEnv, ConstitutionStep, Decision, Risk } from '../../../src/core/index.js';
import {
  constitutionFileSchema,
  createConstitution,
  defaultRequirements,
  loadConstitution,
} from '../../../src/policy/index.js';

const base = constitutionFileSchema.parse({
  version: 1,
  readOnlyTools: ['*.service_status'],
  protectedAssets: { tags: ['protected'] },
  changeFreezes: [
    {
      name: 'year-end',
      timezone: 'Europe/Berlin',
      from: '2026-12-22 00:00',
      to: '2027-01-04 09:00',
    },
    {
      name: 'friday-evening',
      timezone: 'America/New_York',
      weekly: { days: ['fri'], from: '16:00', to: '24:00' },
    },
  ],
  blastRadius: [{ name: 'hosts-isolated', tools: ['*.isolate_host'], max: 2, per: '1h' }],
  scopes: { operations: ['sandbox:*'] },
});
const constitution = createConstitution(base);

function step(over: Partial<ConstitutionStep> & { risk?: Risk; reversible?: boolean; scope?: string } = {}) {
  const { risk = 'high', reversible = true, scope = 'sandbox:deploy', ...rest } = over;
  return {
    domain: 'operations',
    skill: 'operations',
    tool: 'sandbox.rollback',
    declared: { risk, reversible, scope },
    target: { environment: 'production', service: 'checkout-api' },
    autonomy: 'supervised',
    rollbackPlan: reversible,
    ...rest,
  } satisfies ConstitutionStep;
}

const allow: Decision = {
  effect: 'allow',
  rule: 'default#low',
  reason: 'ok',
  risk: 'low',
  autonomy: 'autonomous',
};
const approve: Decision = {
  effect: 'approve',
  rule: 'default#high-risk-approve',
  reason: 'needs one',
  risk: 'high',
  autonomy: 'supervised',
  requirements: defaultRequirements('high'),
};
/** A Tuesday in November, outside every freeze; nothing executed yet. */
const QUIET = new Date('2026-11-24T10:00:00Z');
const env = (now = QUIET, executed = 0): ConstitutionEnv => ({ now, executedSince: () => executed });

describe('constitution', () => {
  it('shadow-never-acts: even an allow or approve under shadow autonomy only records a dry run', () => {
    const d = constitution.apply(step({ autonomy: 'shadow' }), allow, env());
    expect(d).to.include({ effect: 'dry_run_only', rule: 'constitution#shadow-never-acts' });
    expect(d.reason).to.match(/invariant shadow-never-acts/);
    const a = constitution.apply(step({ autonomy: 'shadow' }), approve, env());
    expect(a).to.include({ effect: 'dry_run_only' });
    expect(a.requirements).to.equal(undefined);
    // And a step about to run under shadow autonomy is refused at the gate.
    expect(constitution.gate(step({ autonomy: 'shadow' }), allow, env())?.invariant).to.equal(
      'shadow-never-acts',
    );
  });

  it('protected-assets: a write to a protected asset is denied, a read-only tool may look', () => {
    const target = { environment: 'staging', asset: 'db-1', tags: ['protected'] };
    const denied = constitution.apply(step({ target }), approve, env());
    expect(denied).to.include({ effect: 'deny', rule: 'constitution#protected-assets' });
    expect(denied.reason).to.include('db-1').and.include('"protected"');
    expect(denied.requirements).to.equal(undefined);
    const read = step({ tool: 'sandbox.service_status', target, risk: 'low', reversible: false });
    expect(constitution.apply(read, allow, env()).effect).to.equal('allow');
  });

  it('credential-scope: a skill may only use its allowed scopes; an unlisted skill none', () => {
    expect(constitution.apply(step({ scope: 'idp:admin' }), approve, env()).rule).to.equal(
      'constitution#credential-scope',
    );
    const other = constitution.apply(step({ skill: 'support' }), approve, env());
    expect(other.rule).to.equal('constitution#credential-scope');
    expect(other.reason).to.match(/allowed: none/);
  });

  it('change-freeze: one-off window in its own time zone blocks production writes only', () => {
    // 2026-12-21T23:30Z is 00:30 on the 22nd in Berlin: inside the window.
    const inside = new Date('2026-12-21T23:30:00Z');
    expect(constitution.apply(step(), approve, env(inside))).to.include({
      effect: 'deny',
      rule: 'constitution#change-freeze',
    });
    // 22:30Z is 23:30 on the 21st in Berlin: still outside.
    expect(constitution.apply(step(), approve, env(new Date('2026-12-21T22:30:00Z'))).effect).to.equal(
      'approve',
    );
    const staging = step({ target: { environment: 'staging', service: 'x' } });
    expect(constitution.apply(staging, approve, env(inside)).effect).to.equal('approve');
    const read = step({ tool: 'sandbox.service_status', risk: 'low', reversible: false });
    expect(constitution.apply(read, allow, env(inside)).effect).to.equal('allow');
  });

  it('change-freeze: weekly window follows the zone (Friday 16:00 New York)', () => {
    // Friday 2026-11-27 21:30Z = 16:30 EST.
    expect(constitution.apply(step(), approve, env(new Date('2026-11-27T21:30:00Z'))).rule).to.equal(
      'constitution#change-freeze',
    );
    expect(constitution.apply(step(), approve, env(new Date('2026-11-27T20:30:00Z'))).effect).to.equal(
      'approve',
    );
  });

  it('irreversible-needs-rollback-plan: asks every approver to acknowledge unless a rollback plan exists', () => {
    const irreversible = step({ tool: 'sandbox.block_ip', reversible: false });
    const d = constitution.apply(irreversible, allow, env());
    expect(d).to.include({ effect: 'approve', rule: 'constitution#irreversible-needs-rollback-plan' });
    expect(d.requirements?.acknowledge).to.equal('irreversible');
    const planned = constitution.apply({ ...irreversible, rollbackPlan: true }, allow, env());
    expect(planned).to.deep.equal(allow);
  });

  it('blast-radius: past the budget one more approval is needed, and the gate re-checks before running', () => {
    const isolate = step({ tool: 'sandbox.isolate_host' });
    expect(constitution.apply(isolate, approve, env(QUIET, 1))).to.deep.equal(approve);
    const over = constitution.apply(isolate, approve, env(QUIET, 2));
    expect(over).to.include({ effect: 'approve', rule: 'constitution#blast-radius' });
    expect(over.requirements?.count).to.equal(2);
    expect(over.requirements?.distinctFromRequester).to.equal(true);
    const fromAllow = constitution.apply(isolate, allow, env(QUIET, 5));
    expect(fromAllow).to.include({ effect: 'approve' });
    expect(fromAllow.requirements?.count).to.equal(1);
    // Approved under the plain rule while under budget; the budget was spent meanwhile.
    expect(constitution.gate(isolate, approve, env(QUIET, 2))?.invariant).to.equal('blast-radius');
    expect(constitution.gate(isolate, over, env(QUIET, 2))).to.equal(undefined);
    expect(constitution.gate(isolate, approve, env(QUIET, 1))).to.equal(undefined);
  });

  it('never loosens: a deny stays a deny, dry_run_only stays dry_run_only', () => {
    const deny: Decision = { ...allow, effect: 'deny', rule: 'default-deny' };
    expect(
      constitution.apply(step({ tool: 'sandbox.block_ip', reversible: false }), deny, env()),
    ).to.deep.equal(deny);
    const dry: Decision = { ...allow, effect: 'dry_run_only' };
    expect(constitution.apply(step({ tool: 'sandbox.isolate_host' }), dry, env(QUIET, 9))).to.deep.equal(dry);
  });

  describe('loadConstitution', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wk-const-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads the shipped policies/constitution.yaml', () => {
      const c = loadConstitution('policies/constitution.yaml');
      expect(c.protectedAssets.tags).to.include('protected');
      expect(c.blastRadius.map((b) => b.name)).to.include('hosts-isolated');
    });

    it('refuses an invalid file with file:line: reason for each error', () => {
      const file = join(dir, 'constitution.yaml');
      writeFileSync(
        file,
        [
          'version: 1',
          'changeFreezes:',
          '  - name: x',
          '    timezone: Mars/Olympus',
          "    from: '2026-12-22'",
          "    to: '2027-01-04 09:00'",
          'blastRadius:',
          '  - name: y',
          '    tools: []',
          '    max: 1',
          'protectedAsets: { tags: [a] }',
        ].join('\n'),
      );
      try {
        loadConstitution(file);
        expect.fail('should throw');
      } catch (err) {
        expect(err).to.have.property('code', 'POLICY_INVALID');
        const msg = (err as Error).message;
        expect(msg).to.include(`${file}:4: changeFreezes.0.timezone: unknown IANA time zone`);
        expect(msg).to.include(`${file}:5: changeFreezes.0.from: expected "YYYY-MM-DD HH:MM"`);
        expect(msg).to.match(/:9: blastRadius\.0\.tools/);
        expect(msg).to.include(`${file}:11: protectedAsets: unknown key`);
      }
    });
  });
});
