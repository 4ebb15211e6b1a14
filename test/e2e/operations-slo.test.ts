import { expect } from 'chai';
import { startFakePrometheus, type FakePrometheus, type FakeSeries } from '../fakes/prometheus/index.js';
import { startHarness, type Harness } from './harness.js';

const ratio = (window: string): string =>
  `sum(rate(http_requests_total{service="checkout-api",code=~"5.."}[${window}])) / sum(rate(http_requests_total{service="checkout-api"}[${window}]))`;

describe('e2e operations: SLO burn-rate alerts from Prometheus', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  let prom: FakePrometheus | undefined;
  afterEach(async () => {
    await h?.close();
    await prom?.close();
  });

  it('raises ErrorBudgetBurn with the remaining budget, proposes the rollback, and resolves when the burn stops', async () => {
    const table: Record<string, FakeSeries[]> = {
      [ratio('3600s')]: [{ metric: {}, value: 0.079 }],
      [ratio('2592000s')]: [{ metric: {}, value: 0.0004 }],
    };
    prom = await startFakePrometheus(table);
    h = await startHarness({ env: { PROMETHEUS_URL: prom.url, WATCHKEEPER_SLOS: 'checkout-api=99.9/30d' } });

    const slo = await h.api('POST', '/api/commands', { text: '!wk ops slo checkout-api' });
    expect(JSON.stringify(slo.body.replies)).to.include(
      '🎯 SLO checkout-api: 99.9% over 30d · burn rate 79× (1h error ratio 7.9%, page) · error budget left 60% [prometheus]',
    );

    expect(await h.app.sloWatcher!.tick()).to.deep.equal({ fired: ['checkout-api'], resolved: [] });
    expect((await h.app.sloWatcher!.tick()).fired, 'fires once while burning').to.deep.equal([]);
    await h.settle();
    const [incident] = (await h.api('GET', '/api/incidents')).body.incidents;
    expect(incident.labels).to.include({ alertname: 'ErrorBudgetBurn', service: 'checkout-api' });
    expect(incident.title).to.equal('checkout-api burns its error budget 79× (SLO 99.9% over 30d)');
    const feed = (await h.api('GET', '/api/messages')).body.messages.map((m: any) => m.text).join('\n');
    expect(feed).to.include(
      '🎯 SLO checkout-api: 99.9% over 30d · burn rate 79× (1h error ratio 7.9%, page)',
    );
    const detail = (await h.api('GET', `/api/incidents/${incident.id}`)).body;
    const rollback = detail.runs
      .flatMap((r: any) => r.steps)
      .find((st: any) => st.tool === 'sandbox.rollback');
    expect(rollback.state, 'the rollback is proposed, not run').to.equal('awaiting_approval');

    table[ratio('3600s')] = [{ metric: {}, value: 0.002 }];
    expect(await h.app.sloWatcher!.tick()).to.deep.equal({ fired: [], resolved: ['checkout-api'] });
    await h.settle();
    expect((await h.api('GET', `/api/incidents/${incident.id}`)).body.incident.status).to.equal('resolved');
  });

  it('has no watcher without Prometheus, and `ops slo` then uses the ratio alerts carry', async () => {
    h = await startHarness({ env: { WATCHKEEPER_SLOS: 'checkout-api=99.9/30d' } });
    expect(h.app.sloWatcher).to.equal(undefined);
    const r = await h.api('POST', '/api/commands', { text: '!wk ops slo checkout-api' });
    expect(JSON.stringify(r.body.replies)).to.include('no error-ratio data yet (alerts)');
  });
});
