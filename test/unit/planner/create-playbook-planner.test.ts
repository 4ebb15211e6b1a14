import { expect } from 'chai';
import { WatchkeeperError } from '../../../src/core/index.js';
import type { Goal, Signal, Skill } from '../../../src/core/index.js';
import { createPlaybookPlanner } from '../../../src/planner/index.js';

const skill: Skill = {
  id: 'ops',
  domain: 'operations',
  description: 'test skill',
  claims: () => true,
  commands: [
    { name: 'rollback', usage: '<service> [version]', description: 'roll back', minArgs: 1 },
    { name: 'scale', usage: '<service> <replicas>', description: 'scale', minArgs: 2 },
  ],
  playbooks: [
    {
      id: 'ops.rollback',
      description: 'rollback',
      trigger: { kind: 'command', command: 'rollback' },
      steps: [
        { tool: 't.deploys', input: { service: '{{args.0}}' }, rationale: 'look at {{args.0}}' },
        {
          tool: 't.rollback',
          input: { service: '{{args.0}}', toVersion: '{{args.1|string}}' },
          rationale: 'roll back',
        },
      ],
    },
    {
      id: 'ops.scale',
      description: 'scale',
      trigger: { kind: 'command', command: 'scale' },
      steps: [
        { tool: 't.scale', input: { service: '{{args.0}}', replicas: '{{args.1}}' }, rationale: 'scale' },
      ],
    },
    {
      id: 'ops.errors',
      description: 'errors',
      trigger: { kind: 'signal', labels: { alertname: 'HighErrorRate|High5xxRate', service: '*' } },
      steps: [
        {
          tool: 't.rollback',
          input: { service: '{{labels.service}}' },
          rationale: '{{labels.alertname}} on {{labels.service}}',
        },
      ],
    },
    {
      id: 'ops.any-high',
      description: 'any High* alert',
      trigger: { kind: 'signal', labels: { alertname: 'High*' } },
      steps: [{ tool: 't.status', input: { what: '{{signal.summary}}' }, rationale: 'look' }],
    },
  ],
  tools: [],
};

const signal = (labels: Record<string, string>): Signal => ({
  id: 's1',
  source: 'alertmanager',
  kind: 'alert',
  status: 'firing',
  severity: 'critical',
  fingerprint: 'f1',
  groupKey: 'g1',
  labels,
  annotations: {},
  summary: 'errors are up',
  startsAt: '2026-08-01T10:00:00.000Z',
  receivedAt: '2026-08-01T10:00:01.000Z',
  raw: {},
});

const commandGoal = (name: string, args: string[]): Goal => ({
  skill: 'ops',
  domain: 'operations',
  text: `${name} ${args.join(' ')}`,
  command: { name, args },
});
const alertGoal: Goal = { skill: 'ops', domain: 'operations', text: 'handle alert' };
const context = { similar: [] };

describe('createPlaybookPlanner', () => {
  const planner = createPlaybookPlanner({ skills: [skill] });

  it('plans a command from its playbook, dropping an empty optional argument', async () => {
    const plan = await planner.plan(commandGoal('rollback', ['checkout-api']), context);
    expect(planner.id).to.equal('playbook');
    expect(plan).to.deep.include({
      planner: 'playbook',
      playbook: 'ops.rollback',
      goal: 'rollback checkout-api',
    });
    expect(plan.steps).to.deep.equal([
      { tool: 't.deploys', input: { service: 'checkout-api' }, rationale: 'look at checkout-api' },
      { tool: 't.rollback', input: { service: 'checkout-api' }, rationale: 'roll back' },
    ]);
    expect(plan.raw).to.equal(skill.playbooks[0]);
    const withVersion = await planner.plan(commandGoal('rollback', ['checkout-api', '2']), context);
    expect(withVersion.steps[1]!.input).to.deep.equal({ service: 'checkout-api', toVersion: '2' });
  });

  it('refuses a command with fewer arguments than it needs', async () => {
    let caught: unknown;
    try {
      await planner.plan(commandGoal('scale', ['cart']), context);
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(WatchkeeperError);
    expect((caught as WatchkeeperError).code).to.equal('PLAN_INVALID');
    const plan = await planner.plan(commandGoal('scale', ['cart', '4']), context);
    expect(plan.steps[0]!.input).to.deep.equal({ service: 'cart', replicas: 4 });
  });

  it('plans a signal from the first playbook whose labels match, and records what it saw', async () => {
    const s = signal({ alertname: 'High5xxRate', service: 'cart', severity: 'page' });
    const plan = await planner.plan(alertGoal, context, s);
    expect(plan.playbook).to.equal('ops.errors');
    expect(plan.steps).to.deep.equal([
      { tool: 't.rollback', input: { service: 'cart' }, rationale: 'High5xxRate on cart' },
    ]);
    expect(plan.prompt).to.deep.include({ signal: { ...pick(s), labels: s.labels } });
  });

  it('falls through to a later playbook when an earlier one lacks a label', async () => {
    const plan = await planner.plan(alertGoal, context, signal({ alertname: 'HighErrorRate' }));
    expect(plan.playbook).to.equal('ops.any-high');
    expect(plan.steps[0]!.input).to.deep.equal({ what: 'errors are up' });
  });

  it('returns an empty plan saying so when nothing matches', async () => {
    const none = await planner.plan(alertGoal, context, signal({ alertname: 'DiskFull', service: 'cart' }));
    expect(none.steps).to.have.length(0);
    expect(none.goal).to.include('no playbook matched');
    expect(none.playbook).to.equal(undefined);
    const unknownCommand = await planner.plan(commandGoal('dance', []), context);
    expect(unknownCommand.steps).to.have.length(0);
    const unknownSkill = await planner.plan(
      { ...alertGoal, skill: 'nope' },
      context,
      signal({ alertname: 'HighX' }),
    );
    expect(unknownSkill.goal).to.include('no playbook matched');
  });
});

function pick(s: Signal) {
  return {
    source: s.source,
    kind: s.kind,
    status: s.status,
    severity: s.severity,
    fingerprint: s.fingerprint,
    summary: s.summary,
  };
}
