import { expect } from 'chai';
import { WatchkeeperError } from '../../../src/core/index.js';
import type { PlaybookRevision, PlaybookStep, Risk, Skill } from '../../../src/core/index.js';
import { applyPlaybookChange, createPlaybookPlanner, playbookDiff } from '../../../src/planner/index.js';

const RISK: Record<string, Risk> = {
  't.status': 'low',
  't.deploys': 'low',
  't.rollback': 'high',
  't.scale': 'medium',
};
const riskOf = (tool: string): Risk | undefined => RISK[tool];

const STEPS: readonly PlaybookStep[] = [
  { tool: 't.status', input: { service: '{{labels.service}}' }, rationale: 'look' },
  { tool: 't.deploys', input: { service: '{{labels.service}}' }, rationale: 'deploys' },
  { tool: 't.rollback', input: { service: '{{labels.service}}' }, rationale: 'roll back' },
];

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof WatchkeeperError ? err.code : 'not coded';
  }
  return undefined;
};

describe('applyPlaybookChange', () => {
  it('removes the named step and leaves the input list alone', () => {
    const before = [...STEPS];
    const after = applyPlaybookChange(
      STEPS,
      { op: 'remove_step', playbook: 'p', index: 2, tool: 't.rollback' },
      riskOf,
    );
    expect(after.map((s) => s.tool)).to.deep.equal(['t.status', 't.deploys']);
    expect(STEPS).to.deep.equal(before);
  });

  it('raises a step’s risk, and refuses a "raise" that would lower or keep it', () => {
    const raised = applyPlaybookChange(
      STEPS,
      { op: 'raise_risk', playbook: 'p', index: 0, tool: 't.status', to: 'high' },
      riskOf,
    );
    expect(raised[0]).to.deep.include({ tool: 't.status', suggestedRisk: 'high' });
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'raise_risk', playbook: 'p', index: 2, tool: 't.rollback', to: 'low' },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_RISK_LOWERED');
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'raise_risk', playbook: 'p', index: 2, tool: 't.rollback', to: 'high' },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_RISK_LOWERED');
    // A step that already suggests critical cannot be "raised" to high either.
    const critical = [{ ...STEPS[0]!, suggestedRisk: 'critical' as const }];
    expect(
      codeOf(() =>
        applyPlaybookChange(
          critical,
          { op: 'raise_risk', playbook: 'p', index: 0, tool: 't.status', to: 'high' },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_RISK_LOWERED');
  });

  it('adds a step whose tool exists, and refuses an unknown tool or a risk below the tool’s own', () => {
    const added = applyPlaybookChange(
      STEPS,
      { op: 'add_step', playbook: 'p', at: 1, step: { tool: 't.scale', input: {}, rationale: 'scale out' } },
      riskOf,
    );
    expect(added.map((s) => s.tool)).to.deep.equal(['t.status', 't.scale', 't.deploys', 't.rollback']);
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'add_step', playbook: 'p', at: 0, step: { tool: 't.nope', input: {}, rationale: 'x' } },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_REVISION_INVALID');
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          {
            op: 'add_step',
            playbook: 'p',
            at: 3,
            step: { tool: 't.rollback', input: {}, rationale: 'x', suggestedRisk: 'low' },
          },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_RISK_LOWERED');
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'add_step', playbook: 'p', at: 9, step: { tool: 't.scale', input: {}, rationale: 'x' } },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_REVISION_INVALID');
  });

  it('refuses a change whose step is no longer where the retro saw it as stale', () => {
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'remove_step', playbook: 'p', index: 1, tool: 't.rollback' },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_REVISION_STALE');
    expect(
      codeOf(() =>
        applyPlaybookChange(
          STEPS,
          { op: 'remove_step', playbook: 'p', index: 7, tool: 't.rollback' },
          riskOf,
        ),
      ),
    ).to.equal('PLAYBOOK_REVISION_STALE');
  });

  it('refuses a result with a tool that no longer exists, even if the change did not touch it', () => {
    const gone = (tool: string): Risk | undefined => (tool === 't.deploys' ? undefined : riskOf(tool));
    expect(
      codeOf(() =>
        applyPlaybookChange(STEPS, { op: 'remove_step', playbook: 'p', index: 2, tool: 't.rollback' }, gone),
      ),
    ).to.equal('PLAYBOOK_REVISION_INVALID');
  });

  it('shows the change as a diff of the step lists', () => {
    const after = applyPlaybookChange(
      STEPS,
      { op: 'remove_step', playbook: 'p', index: 1, tool: 't.deploys' },
      riskOf,
    );
    const diff = playbookDiff('p', { version: 1, steps: STEPS }, { version: 2, steps: after });
    expect(diff.split('\n').slice(0, 4)).to.deep.equal([
      '--- playbook p v1',
      '+++ playbook p v2',
      ' steps:',
      '   - tool: t.status',
    ]);
    expect(diff).to.contain('-  - tool: t.deploys');
    expect(diff).to.contain('   - tool: t.rollback');
  });
});

describe('createPlaybookPlanner with playbook revisions', () => {
  const skill: Skill = {
    id: 'ops',
    domain: 'operations',
    description: 'test',
    claims: () => true,
    commands: [],
    playbooks: [
      {
        id: 'ops.errors',
        description: 'errors',
        trigger: { kind: 'signal', labels: { alertname: 'HighErrorRate' } },
        steps: STEPS,
      },
    ],
    tools: [],
  };
  const signal = {
    id: 's1',
    source: 'test',
    kind: 'alert',
    status: 'firing',
    severity: 'critical',
    fingerprint: 'f',
    groupKey: 'g',
    summary: 'errors',
    labels: { alertname: 'HighErrorRate', service: 'cart' },
    annotations: {},
    startsAt: '2026-11-25T10:00:00Z',
    receivedAt: '2026-11-25T10:00:00Z',
    raw: {},
  } as never;
  const goal = { skill: 'ops', domain: 'operations', text: 'errors' };
  const revision = (steps: readonly PlaybookStep[], version = 2): PlaybookRevision => ({
    playbook: 'ops.errors',
    version,
    baseVersion: version - 1,
    steps,
    cause: { op: 'remove_step', playbook: 'ops.errors', index: 2, tool: 't.rollback' },
    diff: '',
    requestedBy: 'console:operator',
    approvedBy: ['console:alice'],
    createdAt: '2026-11-25T10:00:00Z',
  });

  it('plans the built-in definition as version 1 when nothing was revised', async () => {
    const planner = createPlaybookPlanner({ skills: [skill], revisions: { current: () => undefined } });
    const plan = await planner.plan(goal, { similar: [] }, signal);
    expect(plan.playbookVersion).to.equal(1);
    expect(plan.steps.map((s) => s.tool)).to.deep.equal(['t.status', 't.deploys', 't.rollback']);
  });

  it('plans the newest revision and says which version', async () => {
    const planner = createPlaybookPlanner({
      skills: [skill],
      revisions: { current: (id) => (id === 'ops.errors' ? revision(STEPS.slice(0, 2), 3) : undefined) },
      toolExists: (t) => riskOf(t) !== undefined,
    });
    const plan = await planner.plan(goal, { similar: [] }, signal);
    expect(plan.playbookVersion).to.equal(3);
    expect(plan.steps).to.deep.equal([
      { tool: 't.status', input: { service: 'cart' }, rationale: 'look' },
      { tool: 't.deploys', input: { service: 'cart' }, rationale: 'deploys' },
    ]);
  });

  it('refuses a revision whose tool no longer exists instead of planning part of it', async () => {
    const planner = createPlaybookPlanner({
      skills: [skill],
      revisions: { current: () => revision([...STEPS, { tool: 't.gone', input: {}, rationale: 'x' }]) },
      toolExists: (t) => riskOf(t) !== undefined,
    });
    let code: string | undefined;
    await planner.plan(goal, { similar: [] }, signal).catch((e: WatchkeeperError) => (code = e.code));
    expect(code).to.equal('PLAYBOOK_REVISION_INVALID');
  });
});
