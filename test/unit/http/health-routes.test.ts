import { expect } from 'chai';
import { createHealthRoutes, createHttpServer, createMetrics } from '../../../src/http/index.js';
import type { HttpServer } from '../../../src/http/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

describe('createHealthRoutes and createMetrics', () => {
  let server: HttpServer;
  let url: string;
  let ready = false;
  const bundle = createMetrics();

  before(async () => {
    const routes = createHealthRoutes({ ready: () => ready, registry: bundle.registry });
    server = createHttpServer({
      host: '127.0.0.1',
      port: 0,
      routes,
      consoleToken: 'x',
      hookToken: 'y',
      logger: silentLogger,
    });
    url = (await server.listen()).url;
  });
  after(() => server.close());

  it('answers /healthz without a token', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 503 until ready, then 200', async () => {
    ready = false;
    expect((await fetch(`${url}/readyz`)).status).to.equal(503);
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).to.equal(200);
  });

  it('exposes the counters and histogram in Prometheus text after they move', async () => {
    bundle.metrics.signalReceived('alertmanager', 3);
    bundle.metrics.incidentOpened('operations');
    bundle.metrics.stepFinished('sandbox.rollback', 'succeeded');
    bundle.metrics.approvalDecided('approved');
    bundle.metrics.decisionLatency(0.02);
    const res = await fetch(`${url}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.contain('text/plain');
    const text = await res.text();
    expect(text).to.contain('watchkeeper_signals_received_total{source="alertmanager"} 3');
    expect(text).to.contain('watchkeeper_incidents_opened_total{skill="operations"} 1');
    expect(text).to.contain('watchkeeper_steps_total{tool="sandbox.rollback",state="succeeded"} 1');
    expect(text).to.contain('watchkeeper_approvals_total{status="approved"} 1');
    expect(text).to.contain('watchkeeper_decision_latency_seconds_count 1');
    expect(text).to.contain('process_cpu_user_seconds_total');
  });

  it('gives every call its own registry', async () => {
    const other = createMetrics();
    other.metrics.signalReceived('generic', 1);
    expect(await bundle.registry.metrics()).not.to.contain('source="generic"');
    expect(await other.registry.metrics()).to.contain(
      'watchkeeper_signals_received_total{source="generic"} 1',
    );
  });
});
