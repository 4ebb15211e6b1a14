import { expect } from 'chai';
import type { Incident, RunRecord, StepRecord } from '../../../src/core/index.js';
import { draftRetro } from '../../../src/gateway/index.js';

const AT = '2026-11-25T10:00:00.000Z';
const incident: Incident = {
  id: 'INC-9',
  groupKey: 'g',
  title: 'HighErrorRate on cart',
  skill: 'operations',
  severity: 'critical',
  status: 'resolved',
  labels: { alertname: 'HighErrorRate', service: 'cart' },
  signalCount: 1,
  openedAt: AT,
  updatedAt: AT,
  resolvedAt: AT,
};

const step = (index: number, tool: string, over: Partial<StepRecord>): StepRecord => ({
  id: `s${index}`,
  runId: 'r1',
  index,
  tool,
  input: { service: 'cart' },
  rationale: 'why',
  digest: 'd',
  state: 'succeeded',
  risk: 'low',
  decision: null,
  approvalId: null,
  preview: null,
  result: null,
  error: null,
  attempts: 1,
  updatedAt: AT,
  ...over,
});

const run = (planner: string, steps: StepRecord[], playbookVersion?: number): RunRecord => ({
  id: 'r1',
  origin: {
    kind: 'signal',
    principal: 'watchkeeper',
    skill: 'operations',
    domain: 'operations',
    incidentId: 'INC-9',
  },
  plan: {
    goal: 'g',
    planner,
    playbook: 'ops.errors',
    ...(playbookVersion === undefined ? {} : { playbookVersion }),
    steps: [],
  },
  status: 'failed',
  createdAt: AT,
  updatedAt: AT,
  steps,
});

describe('draftRetro: structured playbook changes', () => {
  it('proposes removing a rejected step and raising the risk of one that failed unattended', () => {
    const draft = draftRetro(
      incident,
      [
        run(
          'playbook',
          [
            step(0, 't.status', { state: 'failed', error: 'timeout' }),
            step(1, 't.rollback', { state: 'rejected', risk: 'high', approvalId: 'A-1' }),
          ],
          2,
        ),
      ],
      [],
    );
    const byKind = draft.proposals.map((p) => [p.kind, p.change?.op ?? null]);
    expect(byKind).to.deep.equal([
      ['policy', null],
      ['playbook', 'raise_risk'],
      ['playbook', 'remove_step'],
    ]);
    expect(draft.proposals[1]).to.deep.include({
      version: 2,
      change: { op: 'raise_risk', playbook: 'ops.errors', index: 0, tool: 't.status', to: 'medium' },
    });
    expect(draft.proposals[2]?.change).to.deep.equal({
      op: 'remove_step',
      playbook: 'ops.errors',
      index: 1,
      tool: 't.rollback',
    });
    expect(draft.text).to.contain('retro accept <id>');
  });

  it('keeps proposals on a language-model plan as diffs for review: no change to accept', () => {
    const draft = draftRetro(
      incident,
      [run('llm', [step(0, 't.rollback', { state: 'rejected', risk: 'high', approvalId: 'A-1' })])],
      [],
    );
    expect(draft.proposals).to.have.length(1);
    expect(draft.proposals[0]?.change).to.equal(undefined);
    expect(draft.text).to.not.contain('retro accept');
  });
});
