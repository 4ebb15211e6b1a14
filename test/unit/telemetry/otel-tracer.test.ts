import { expect } from 'chai';
import {
  SPAN_NAMES,
  WatchkeeperError,
  type Plan,
  type Planner,
  type Tracer,
} from '../../../src/core/index.js';
import { Redactor } from '../../../src/log/redactor.js';
import { createTracer, otlpSettings, tracePlanner } from '../../../src/telemetry/index.js';
import { FakeOtlpCollector } from '../../fakes/otlp/fake-otlp-collector.js';
import { silentLogger } from '../../helpers/silent-logger.js';

const SECRET = 'db-password-7f3a9c21e4';

describe('telemetry: OpenTelemetry tracer over OTLP/HTTP', () => {
  let collector: FakeOtlpCollector;
  let tracer: Tracer;

  beforeEach(async () => {
    collector = new FakeOtlpCollector();
    const endpoint = await collector.start();
    const redactor = new Redactor([SECRET]);
    tracer = await createTracer(otlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }), {
      redact: (t) => redactor.text(t),
      logger: silentLogger,
      shutdownGraceMs: 500,
    });
  });
  afterEach(async () => {
    await tracer.shutdown();
    await collector.stop();
  });

  it('exports parent and child spans, drops undefined attributes and redacts strings and status messages', async () => {
    expect(tracer.enabled).to.equal(true);
    const parent = tracer.startSpan('outer', {
      attributes: { 'a.secret': `conn=${SECRET}`, 'a.count': 3, 'a.flag': true, 'a.absent': undefined },
    });
    const child = tracer.startSpan('inner', { parent });
    child.fail('TOOL_TIMEOUT', `timed out talking to postgres://u:${SECRET}@db`);
    child.end();
    parent.end();
    await tracer.shutdown();

    const outer = collector.named('outer')[0]!;
    const inner = collector.named('inner')[0]!;
    expect(outer.resource['service.name']).to.equal('watchkeeper');
    expect(outer.attributes).to.deep.equal({ 'a.secret': 'conn=[REDACTED]', 'a.count': 3, 'a.flag': true });
    expect(inner.parentSpanId).to.equal(outer.spanId);
    expect(inner.traceId).to.equal(outer.traceId);
    expect(inner.statusCode).to.equal(2);
    expect(inner.attributes['watchkeeper.error_code']).to.equal('TOOL_TIMEOUT');
    expect(inner.statusMessage).to.equal('timed out talking to postgres://u:[REDACTED]@db');
    expect(Buffer.concat(collector.bodies).toString('utf8')).to.not.include(SECRET);
  });

  it('records spans after the fact at the times given and links a span to another trace', async () => {
    const start = tracer.now() - 250;
    const first = tracer.startSpan('first', { startTime: start });
    first.end(start + 100);
    tracer.startSpan('second', { links: [first] }).end();
    await tracer.shutdown();

    const a = collector.named('first')[0]!;
    const b = collector.named('second')[0]!;
    expect(Number(a.endNanos - a.startNanos) / 1e6).to.be.closeTo(100, 1);
    expect(b.traceId).to.not.equal(a.traceId);
    expect(b.links).to.deep.equal([{ traceId: a.traceId, spanId: a.spanId }]);
  });

  it('keeps the planning of a plan with steps for its run, once, and exports failed and empty plannings at once', async () => {
    const plan: Plan = { goal: 'g', planner: 'playbook', steps: [{ tool: 't', input: {}, rationale: 'r' }] };
    const empty: Plan = { goal: 'g', planner: 'playbook', steps: [] };
    const answers: (Plan | Error)[] = [plan, empty, new WatchkeeperError('PLAN_INVALID', `bad ${SECRET}`)];
    const inner: Planner = {
      id: 'auto',
      plan: async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    const traced = tracePlanner(inner, tracer);
    const goal = { skill: 'operations', domain: 'operations', text: `restart ${SECRET}` };
    expect(await traced.plan(goal, { similar: [] })).to.equal(plan);
    const kept = tracer.takePlanning(plan);
    expect(kept?.attributes).to.include({ 'watchkeeper.step_count': 1, 'watchkeeper.planner': 'playbook' });
    expect(kept!.endTime).to.be.at.least(kept!.startTime);
    expect(tracer.takePlanning(plan)).to.equal(undefined);
    expect(await traced.plan(goal, { similar: [] })).to.equal(empty);
    let thrown: unknown;
    await traced.plan(goal, { similar: [] }).catch((err: unknown) => (thrown = err));
    expect(thrown).to.be.instanceOf(WatchkeeperError);
    await tracer.shutdown();

    const spans = collector.named(SPAN_NAMES.plan);
    expect(spans.map((s) => s.attributes['watchkeeper.step_count'])).to.deep.equal([0, undefined]);
    expect(spans[1]!.statusCode).to.equal(2);
    expect(spans[1]!.attributes['watchkeeper.error_code']).to.equal('PLAN_INVALID');
    expect(spans[1]!.statusMessage).to.equal('bad [REDACTED]');
    expect(Buffer.concat(collector.bodies).toString('utf8')).to.not.include('restart');
  });

  it('a collector that is down does not fail the shutdown', async () => {
    await collector.stop();
    tracer.startSpan('lost').end();
    await tracer.shutdown();
    expect(collector.spans).to.have.length(0);
  });
});
