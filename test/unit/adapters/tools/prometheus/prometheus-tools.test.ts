import { expect } from 'chai';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import { createPrometheusTools } from '../../../../../adapters/tools/prometheus/index.js';
import { startFakePrometheus, type FakePrometheus } from '../../../../fakes/prometheus/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const ERRORS = 'sum by (service) (rate(http_requests_total{code=~"5.."}[5m]))';
const ctx = (): ToolContext => ({
  idempotencyKey: 'k',
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date() },
});

describe('Prometheus tools (fake HTTP API)', () => {
  let prom: FakePrometheus;
  let tools: Map<string, Tool>;
  const call = (name: string, input: unknown) => {
    const t = tools.get(name)!;
    return t.run(t.input.parse(input), ctx());
  };
  beforeEach(async () => {
    prom = await startFakePrometheus({
      [ERRORS]: [
        { metric: { service: 'checkout-api' }, value: 7.9 },
        { metric: { service: 'cart' }, value: 0.1 },
      ],
      'up{job="nothing"}': [],
    });
    tools = new Map(
      createPrometheusTools({
        api: { baseUrl: prom.url, retries: 1, retryBaseMs: 1 },
        environment: 'production',
      }).map((t) => [t.name, t]),
    );
  });
  afterEach(() => prom.close());

  it('is read-only and low risk', () => {
    for (const t of tools.values())
      expect([t.risk, t.reversible, t.dryRun]).to.deep.equal(['low', false, undefined]);
  });

  it('answers an instant query with each series and its value', async () => {
    const r = await call('prometheus.query', { query: ERRORS, time: 1_764_064_800 });
    expect(r.summary).to.equal(`${ERRORS}: {service="checkout-api"} 7.9; {service="cart"} 0.1`);
    expect((r.data as any).resultType).to.equal('vector');
    expect((await call('prometheus.query', { query: 'up{job="nothing"}' })).summary).to.match(/no data$/);
  });

  it('answers a range query with the latest point of each series', async () => {
    const r = await call('prometheus.query_range', {
      query: ERRORS,
      start: 1_764_064_200,
      end: 1_764_064_800,
      step: 60,
    });
    expect((r.data as any).resultType).to.equal('matrix');
    expect((r.data as any).result[0].values).to.have.length(11);
    expect(r.summary).to.include('{service="checkout-api"} 7.9');
  });

  it('reports a PromQL error as non-transient and retries a 503', async () => {
    const bad = await call('prometheus.query', { query: 'sum(' }).catch((e: ToolError) => e);
    expect((bad as ToolError).code).to.equal('TOOL_FAILED');
    expect((bad as ToolError).message).to.match(/PromQL rejected: invalid parameter "query"/);
    prom.failNext(503);
    expect((await call('prometheus.query', { query: ERRORS })).ok).to.equal(true);
    prom.failNext(503, 2);
    const down = await call('prometheus.query', { query: ERRORS }).catch((e: ToolError) => e);
    expect((down as ToolError).code).to.equal('TOOL_TRANSIENT');
  });
});
