import { expect } from 'chai';
import type { Goal, Signal, ValidationError } from '../../../../src/core/index.js';
import { createPlaybookPlanner } from '../../../../src/planner/index.js';
import {
  budgetRemaining,
  burnRate,
  createOperationsSkill,
  parseSlos,
  sloText,
} from '../../../../skills/operations/index.js';
import { ctx } from '../../adapters/tools/sandbox/sandbox-fixture.js';
import { opsFixture } from './ops-fixture.js';

const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}): Signal => ({
  id: 's1',
  source: 'generic',
  kind: 'alert',
  status: 'firing',
  severity: 'warning',
  fingerprint: 'f',
  groupKey: 'g',
  labels,
  annotations,
  summary: 'x',
  startsAt: '2026-08-01T10:20:00.000Z',
  receivedAt: '2026-08-01T10:20:00.000Z',
  raw: {},
});

describe('operations SLOs and capacity/cost recommendations', () => {
  it('parses declared SLOs and names every bad item', () => {
    expect(parseSlos('checkout-api=99.9/30d, cart=99.5%/7d')).to.deep.equal([
      { service: 'checkout-api', objective: 0.999, windowDays: 30 },
      { service: 'cart', objective: 0.995, windowDays: 7 },
    ]);
    expect(parseSlos(undefined)).to.deep.equal([]);
    let caught: unknown;
    try {
      parseSlos('checkout-api=99.9/30d,cart=100/7d,auth');
    } catch (err) {
      caught = err;
    }
    expect((caught as ValidationError).issues.map((i) => i.path)).to.deep.equal([
      'WATCHKEEPER_SLOS.1',
      'WATCHKEEPER_SLOS.2',
    ]);
  });

  it('computes burn rate and remaining budget as the SRE workbook does', () => {
    expect(burnRate(0.0144, 0.999)).to.be.closeTo(14.4, 1e-9);
    expect(budgetRemaining(0.0005, 0.999)).to.be.closeTo(0.5, 1e-9);
    const slo = { service: 'checkout-api', objective: 0.999, windowDays: 30 };
    expect(sloText(slo, { source: 'prometheus', shortRatio: 0.079, windowRatio: 0.0004 })).to.equal(
      '🎯 SLO checkout-api: 99.9% over 30d · burn rate 79× (1h error ratio 7.9%, page) · error budget left 60% [prometheus]',
    );
    expect(sloText(slo, { source: 'alerts' })).to.match(/no error-ratio data yet/);
  });

  it('shows the burn rate from the error ratio an alert carried, in the incident context and `ops slo`', async () => {
    const f = opsFixture();
    const clock = { now: () => new Date('2026-08-01T10:30:00.000Z') };
    const skill = createOperationsSkill({
      tools: f.allTools,
      serviceMap: f.map,
      clock,
      slos: [{ service: 'checkout-api', objective: 0.999, windowDays: 30 }],
    });
    f.map.changes.recordErrorRatio('checkout-api', 0.079, '2026-08-01T10:20:00.000Z');
    const context = skill.describe!(alert({ alertname: 'HighErrorRate', service: 'checkout-api' }))!;
    expect(context).to.include(
      '🎯 SLO checkout-api: 99.9% over 30d · burn rate 79× (1h error ratio 7.9%, page)',
    );
    const slo = skill.tools.find((t) => t.name === 'ops.slo')!;
    expect((await slo.run({ service: 'checkout-api' }, ctx())).summary).to.include('burn rate 79×');
    expect((await slo.run({ service: 'cart' }, ctx())).summary).to.equal(
      'no SLO declared for cart (declared: checkout-api)',
    );
  });

  it('turns a capacity signal into a status check and a recommendation, never a change', async () => {
    const f = opsFixture();
    const skill = createOperationsSkill({ tools: f.allTools, serviceMap: f.map });
    const planner = createPlaybookPlanner({ skills: [skill] });
    const signal = alert(
      { alertname: 'CapacityForecast', service: 'cart', signal_class: 'capacity' },
      { metric: 'cpu_utilisation_p95', value: '0.92', threshold: '0.75', suggested_replicas: '5' },
    );
    expect(skill.claims(signal)).to.equal(true);
    const goal: Goal = { skill: 'operations', domain: 'operations', text: 'capacity' };
    const plan = await planner.plan(goal, { similar: [] }, signal);
    expect(plan.playbook).to.equal('operations.capacity-cost');
    expect(plan.steps.map((s) => s.tool)).to.deep.equal(['sandbox.service_status', 'ops.recommend']);
    for (const step of plan.steps)
      expect(skill.tools.find((t) => t.name === step.tool)!.risk).to.equal('low');
    const tool = skill.tools.find((t) => t.name === 'ops.recommend')!;
    const r = await tool.run(tool.input.parse(plan.steps[1]!.input), ctx());
    expect(r.summary).to.equal(
      '💡 capacity recommendation for cart: cpu_utilisation_p95 at 0.92 (threshold 0.75); run `/wk ops scale cart 5` if you agree (it goes through approval). Nothing was changed.',
    );
    const cost = await planner.plan(
      goal,
      { similar: [] },
      alert({ service: 'frontend', signal_class: 'cost' }, { note: 'spend +40% week over week' }),
    );
    const rc = await tool.run(tool.input.parse(cost.steps[1]!.input), ctx());
    expect(rc.summary).to.match(
      /cost recommendation for frontend: review the spend .* Note: spend \+40% week over week Nothing was changed\./,
    );
  });
});
