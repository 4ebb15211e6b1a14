import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { WatchkeeperError } from '../../../../src/core/index.js';
import type { Goal, Plan, Signal, Tool } from '../../../../src/core/index.js';
import { createPlaybookPlanner } from '../../../../src/planner/index.js';
import { createAlertmanagerSource } from '../../../../adapters/sources/alertmanager/index.js';
import { SANDBOX_KINDS } from '../../../../adapters/tools/sandbox/index.js';
import type { SandboxFlag, SandboxService } from '../../../../adapters/tools/sandbox/index.js';
import { createOperationsSkill } from '../../../../skills/operations/index.js';
import { ctx } from '../../adapters/tools/sandbox/sandbox-fixture.js';
import { opsFixture } from './ops-fixture.js';

const signal = (labels: Record<string, string>, kind: Signal['kind'] = 'alert'): Signal => ({
  id: 's',
  source: 'generic',
  kind,
  status: 'firing',
  severity: 'error',
  fingerprint: 'f',
  groupKey: 'g',
  labels,
  annotations: {},
  summary: 'x',
  startsAt: '2026-08-01T10:00:00.000Z',
  receivedAt: '2026-08-01T10:00:00.000Z',
  raw: {},
});

describe('createOperationsSkill', () => {
  const sandbox = opsFixture();
  const skill = createOperationsSkill({ tools: sandbox.allTools, serviceMap: sandbox.map });
  const planner = createPlaybookPlanner({ skills: [skill] });
  const command = (name: string, ...args: string[]): Goal => ({
    skill: 'operations',
    domain: 'operations',
    text: `ops ${name} ${args.join(' ')}`,
    command: { name, args },
  });

  /** Runs a plan's steps on the sandbox, as the orchestrator would once policy allows them. */
  async function execute(plan: Plan, tools: Map<string, Tool>): Promise<string[]> {
    const summaries: string[] = [];
    for (const step of plan.steps) {
      const tool = tools.get(step.tool)!;
      summaries.push((await tool.run(tool.input.parse(step.input), ctx())).summary);
    }
    return summaries;
  }

  it('offers the ops commands with their usage', () => {
    expect(skill).to.include({ id: 'operations', domain: 'operations' });
    expect(skill.aliases, '/wk ops … works').to.deep.equal(['ops']);
    expect(skill.commands.map((c) => `${c.name} ${c.usage}`)).to.deep.equal([
      'status <service>',
      'deploys <service>',
      'map [service]',
      'impact <service>',
      'slo <service>',
      'logs <service> [lines]',
      'rollback <service> [version]',
      'scale <service> <replicas>',
      'flag <name> <on|off> [ttl-minutes]',
      'restart <service>',
      'silence <alertname> <minutes> [service]',
      'config <service> <key> <value>',
    ]);
    for (const c of skill.commands) {
      expect(
        skill.playbooks.some((p) => p.trigger.kind === 'command' && p.trigger.command === c.name),
        c.name,
      ).to.equal(true);
    }
  });

  it('carries exactly the sandbox tools its playbooks use', () => {
    const used = new Set(skill.playbooks.flatMap((p) => p.steps.map((s) => s.tool)));
    expect(new Set(skill.tools.map((t) => t.name))).to.deep.equal(used);
    expect(used.has('sandbox.disable_account')).to.equal(false);
  });

  it('refuses to start without the tools it needs', () => {
    const tools = sandbox.allTools.filter((t) => t.name !== 'sandbox.rollback');
    let caught: unknown;
    try {
      createOperationsSkill({ tools });
    } catch (err) {
      caught = err;
    }
    expect((caught as WatchkeeperError).code).to.equal('CONFIG_INVALID');
    expect((caught as WatchkeeperError).details).to.deep.equal({ missing: ['sandbox.rollback'] });
  });

  it('claims alerts and deploys about a service or matching its playbooks', () => {
    expect(skill.claims(signal({ service: 'cart', alertname: 'DiskFull' }))).to.equal(true);
    expect(skill.claims(signal({ service: 'cart' }, 'deploy'))).to.equal(true);
    expect(skill.claims(signal({ alertname: 'HighCPU', instance: 'web-1' }))).to.equal(true);
    expect(skill.claims(signal({ alertname: 'ErrorBudgetBurn' }))).to.equal(true);
    expect(skill.claims(signal({ alertname: 'DiskFull' }))).to.equal(false);
    expect(skill.claims(signal({ service: 'cart' }, 'security'))).to.equal(false);
    expect(skill.claims(signal({ service: '' }))).to.equal(false);
  });

  it('plans and runs "rollback checkout-api" against the sandbox', async () => {
    const f = opsFixture();
    const plan = await createPlaybookPlanner({
      skills: [createOperationsSkill({ tools: f.allTools })],
    }).plan(command('rollback', 'checkout-api'), { similar: [] });
    expect(plan.steps.map((s) => s.tool)).to.deep.equal(['sandbox.recent_deploys', 'sandbox.rollback']);
    const summaries = await execute(plan, f.tools);
    expect(summaries[1]).to.equal('checkout-api: 2.4.1 → 2.4.0, 6 replicas restarted');
    expect(f.state.get<SandboxService>(SANDBOX_KINDS.service, 'checkout-api')!.version).to.equal('2.4.0');
  });

  it('maps "flag <name> off" to a boolean and "scale <svc> <n>" to a number', async () => {
    const f = opsFixture();
    const p = createPlaybookPlanner({ skills: [createOperationsSkill({ tools: f.allTools })] });
    const flag = await p.plan(command('flag', 'new-checkout-flow', 'off'), { similar: [] });
    expect(flag.steps[0]!.input).to.deep.equal({ flag: 'new-checkout-flow', enabled: false });
    const scale = await p.plan(command('scale', 'cart', '5'), { similar: [] });
    expect(scale.steps[0]!.input).to.deep.equal({ service: 'cart', replicas: 5 });
    await execute(flag, f.tools);
    await execute(scale, f.tools);
    expect(f.state.get<SandboxFlag>(SANDBOX_KINDS.flag, 'new-checkout-flow')!.enabled).to.equal(false);
    expect(f.state.get<SandboxService>(SANDBOX_KINDS.service, 'cart')!.replicas).to.equal(5);
  });

  it('turns the HighErrorRate alert for checkout-api into diagnose + rollback', async () => {
    const body = JSON.parse(
      readFileSync(
        new URL('../../../fixtures/alertmanager/high-error-rate-checkout.json', import.meta.url),
        'utf8',
      ),
    );
    const draft = createAlertmanagerSource().parse(body)[0]!;
    const alert: Signal = { ...draft, id: 'sig-1', receivedAt: '2026-08-01T10:06:00.000Z' };
    expect(skill.claims(alert)).to.equal(true);
    const plan = await planner.plan(
      { skill: 'operations', domain: 'operations', text: 'HighErrorRate' },
      { similar: [] },
      alert,
    );
    expect(plan.playbook).to.equal('operations.high-error-rate-after-deploy');
    expect(plan.steps.map((s) => [s.tool, s.input])).to.deep.equal([
      ['sandbox.service_status', { service: 'checkout-api' }],
      ['sandbox.recent_deploys', { service: 'checkout-api' }],
      ['sandbox.rollback', { service: 'checkout-api' }],
    ]);
    expect(plan.steps[2]!.rationale).to.equal(
      'HighErrorRate on checkout-api: roll back to the last good deploy.',
    );
  });

  it('turns a saturation alert into status + scale by two, and skips one without a service', async () => {
    const goal: Goal = { skill: 'operations', domain: 'operations', text: 'HighLatency' };
    const plan = await planner.plan(
      goal,
      { similar: [] },
      signal({ alertname: 'HighLatency', service: 'inventory' }),
    );
    expect(plan.playbook).to.equal('operations.saturation');
    expect(plan.steps[1]).to.deep.include({ tool: 'sandbox.scale', input: { service: 'inventory', by: 2 } });
    const none = await planner.plan(
      goal,
      { similar: [] },
      signal({ alertname: 'HighCPU', instance: 'web-1:9100' }),
    );
    expect(none.steps).to.have.length(0);
  });
});
