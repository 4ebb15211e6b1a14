import { expect } from 'chai';
import { WatchkeeperError } from '../../../src/core/index.js';
import { fillTemplate, fillText } from '../../../src/planner/index.js';
import type { TemplateScope } from '../../../src/planner/index.js';

const scope = (over: Partial<TemplateScope> = {}): TemplateScope => ({
  labels: { service: 'checkout-api', alertname: 'HighErrorRate' },
  annotations: { summary: '5xx at 7.9%' },
  args: [],
  signal: { summary: 'checkout-api errors', severity: 'critical' },
  requiredArgs: 0,
  ...over,
});

function planInvalid(fn: () => unknown): WatchkeeperError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WatchkeeperError && err.code === 'PLAN_INVALID') return err;
    throw err;
  }
  throw new Error('expected PLAN_INVALID');
}

describe('fillTemplate', () => {
  it('fills labels, annotations, signal fields and args, nested', () => {
    const out = fillTemplate(
      {
        service: '{{labels.service}}',
        note: 'Alert {{labels.alertname}}: {{annotations.summary}} ({{signal.severity}})',
        nested: { list: ['{{signal.summary}}', 'fixed'] },
        keep: 7,
      },
      scope(),
    );
    expect(out).to.deep.equal({
      service: 'checkout-api',
      note: 'Alert HighErrorRate: 5xx at 7.9% (critical)',
      nested: { list: ['checkout-api errors', 'fixed'] },
      keep: 7,
    });
  });

  it('turns numeric-looking args into numbers unless |string says otherwise', () => {
    const out = fillTemplate(
      {
        replicas: '{{args.1}}',
        by: '{{args.2}}',
        version: '{{args.3|string}}',
        name: '{{args.0}}',
        text: 'x{{args.1}}',
      },
      scope({ args: ['cart', '5', '-2', '3'] }),
    );
    expect(out).to.deep.equal({ replicas: 5, by: -2, version: '3', name: 'cart', text: 'x5' });
  });

  it('maps on/off words to booleans with |bool and refuses anything else', () => {
    expect(
      fillTemplate({ on: '{{args.0|bool}}', off: '{{args.1|bool}}' }, scope({ args: ['ON', 'off'] })),
    ).to.deep.equal({
      on: true,
      off: false,
    });
    const err = planInvalid(() => fillTemplate({ e: '{{args.0|bool}}' }, scope({ args: ['maybe'] })));
    expect(err.details).to.deep.equal({ placeholder: '{{args.0|bool}}', value: 'maybe' });
  });

  it('drops a key whose optional value is missing', () => {
    const out = fillTemplate(
      {
        service: '{{args.0}}',
        toVersion: '{{args.1}}',
        runbook: '{{annotations.runbook_url}}',
        list: ['{{args.5}}'],
      },
      scope({ args: ['cart'], requiredArgs: 1 }),
    );
    expect(out).to.deep.equal({ service: 'cart', list: [] });
  });

  it('refuses a missing required value, naming the placeholder', () => {
    const label = planInvalid(() => fillTemplate({ host: '{{labels.instance}}' }, scope()));
    expect(label.details).to.deep.equal({ placeholder: '{{labels.instance}}' });
    const arg = planInvalid(() =>
      fillTemplate({ replicas: '{{args.1}}' }, scope({ args: ['cart'], requiredArgs: 2 })),
    );
    expect(arg.message).to.include('{{args.1}}');
    planInvalid(() => fillText('on {{labels.instance}}', scope()));
  });

  it('refuses unknown namespaces and filters as playbook bugs', () => {
    planInvalid(() => fillTemplate('{{env.HOME}}', scope()));
    planInvalid(() => fillTemplate('{{args.x}}', scope()));
    planInvalid(() => fillTemplate('{{args.0|upper}}', scope({ args: ['a'] })));
  });

  it('does not read inherited properties as labels', () => {
    planInvalid(() => fillTemplate('{{labels.constructor}}', scope()));
    expect(fillText('[{{annotations.toString}}]', scope())).to.equal('[]');
  });
});
