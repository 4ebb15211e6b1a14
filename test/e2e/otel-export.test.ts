import { expect } from 'chai';
import { SPAN_NAMES } from '../../src/core/index.js';
import { injectSandboxFault } from '../../adapters/tools/sandbox/index.js';
import { FakeOtlpCollector, type CollectedSpan } from '../fakes/otlp/fake-otlp-collector.js';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

const JIRA_SECRET = 'jira-webhook-secret-4b1f0c9e7d2a';
const GITHUB_SECRET = 'gh-webhook-secret-93d1c7aa';
const COLLECTOR_TOKEN = 'collector-token-5e0f6a1b2c3d';

describe('e2e: OpenTelemetry trace export (plan → decide → act)', function () {
  let h: Harness | undefined;
  let collector: FakeOtlpCollector;

  beforeEach(async () => {
    collector = new FakeOtlpCollector();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await collector.stop();
  });

  it('exports a run span with its planning, decisions and executions, links the resume after the approval, and leaks no secret', async () => {
    const endpoint = await collector.start();
    h = await startHarness({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${COLLECTOR_TOKEN}`,
        OTEL_SERVICE_NAME: 'wk-otel-test',
        JIRA_WEBHOOK_SECRET: JIRA_SECRET,
        GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      },
    });
    // A secret in the alert itself: it reaches the plan and the step inputs, never the collector.
    const alert: any = alertmanagerPayload('HighErrorRate', 'checkout-api');
    alert.alerts[0].annotations.description = `rotated key ${JIRA_SECRET} and Bearer ${COLLECTOR_TOKEN}`;
    expect((await h.api('POST', '/hooks/alertmanager', alert)).status).to.equal(202);
    await h.settle();
    const incidents = await h.api('GET', '/api/incidents');
    const incidentId: string = (incidents.body.incidents ?? incidents.body)[0].id;
    const detail = await h.api('GET', `/api/incidents/${incidentId}`);
    const runId: string = detail.body.runs[0].id;
    const steps: any[] = detail.body.runs[0].steps;
    const pending = await h.api('GET', '/api/approvals?status=pending');
    const approval = (pending.body.approvals ?? pending.body)[0];
    expect(
      (await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice')).status,
    ).to.equal(200);
    await h.close(); // a graceful stop flushes the batch
    h = undefined;

    expect(collector.requests.every((r) => r.path === '/v1/traces')).to.equal(true);
    expect(collector.requests[0]?.headers['authorization']).to.equal(`Bearer ${COLLECTOR_TOKEN}`);
    const runs = collector.named(SPAN_NAMES.run).filter((s) => s.attributes['watchkeeper.run_id'] === runId);
    const started = runs.find((s) => s.attributes['watchkeeper.run.phase'] === 'start');
    const resumed = runs.find((s) => s.attributes['watchkeeper.run.phase'] === 'resume');
    expect(started, 'the run span of the start').to.not.equal(undefined);
    expect(resumed, 'the run span of the resume after the approval').to.not.equal(undefined);
    expect(started!.resource['service.name']).to.equal('wk-otel-test');
    expect(started!.attributes).to.include({
      'watchkeeper.incident_id': incidentId,
      'watchkeeper.skill': 'operations',
      'watchkeeper.domain': 'operations',
      'watchkeeper.run.status': 'waiting',
    });
    expect(started!.parentSpanId, 'the run span is a root').to.equal('');
    expect(resumed!.attributes['watchkeeper.run.status']).to.equal('succeeded');
    expect(resumed!.links).to.deep.equal([{ traceId: started!.traceId, spanId: started!.spanId }]);

    const childrenOf = (parent: CollectedSpan, name: string) =>
      collector.spans.filter((s) => s.name === name && s.parentSpanId === parent.spanId);
    const [plan, ...morePlans] = childrenOf(started!, SPAN_NAMES.plan);
    expect(morePlans).to.have.length(0);
    expect(plan!.traceId).to.equal(started!.traceId);
    expect(plan!.attributes['watchkeeper.step_count']).to.equal(steps.length);
    expect(plan!.attributes['watchkeeper.planner']).to.be.a('string').and.not.equal('');
    expect(plan!.startNanos <= started!.startNanos, 'the run starts with its planning').to.equal(true);

    const decisions = childrenOf(started!, SPAN_NAMES.decide);
    const byTool = (spans: CollectedSpan[], tool: string) =>
      spans.filter((s) => s.attributes['watchkeeper.tool'] === tool);
    expect(decisions).to.have.length(steps.length);
    expect(byTool(decisions, 'sandbox.rollback')[0]!.attributes).to.include({
      'watchkeeper.risk': 'high',
      'watchkeeper.decision': 'approve',
      'watchkeeper.run_id': runId,
    });
    expect(byTool(decisions, 'sandbox.rollback')[0]!.attributes['watchkeeper.rule_id']).to.match(
      /^default\.policy\.yaml#/,
    );
    expect(byTool(decisions, 'sandbox.service_status')[0]!.attributes['watchkeeper.decision']).to.equal(
      'allow',
    );

    const acted = childrenOf(started!, SPAN_NAMES.act);
    expect(byTool(acted, 'sandbox.service_status')[0]!.attributes['watchkeeper.outcome']).to.equal(
      'succeeded',
    );
    expect(byTool(acted, 'sandbox.rollback')[0]!.attributes['watchkeeper.outcome']).to.equal(
      'waiting_approval',
    );
    const executed = childrenOf(resumed!, SPAN_NAMES.act);
    expect(executed).to.have.length(1);
    expect(executed[0]!.attributes).to.include({
      'watchkeeper.tool': 'sandbox.rollback',
      'watchkeeper.outcome': 'succeeded',
      'watchkeeper.run_id': runId,
      'watchkeeper.attempts': 1,
    });
    expect(executed[0]!.attributes['watchkeeper.step.duration_ms']).to.be.a('number');
    expect(collector.spans.every((s) => s.statusCode !== 2)).to.equal(true);

    const exported = Buffer.concat(collector.bodies).toString('utf8');
    for (const secret of [JIRA_SECRET, GITHUB_SECRET, COLLECTOR_TOKEN])
      expect(exported, 'a configured secret in an exported byte').to.not.include(secret);
    expect(exported, 'step inputs are not exported').to.not.include('rotated key');
  });

  it("marks a failed execution and its run as errors, with the tool runner's error code", async () => {
    h = await startHarness({
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${await collector.start()}/v1/traces`,
        WATCHKEEPER_TOOL_RETRIES: '0',
      },
    });
    expect(
      (await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api')))
        .status,
    ).to.equal(202);
    await h.settle();
    injectSandboxFault(h.app.store.sandbox, 'sandbox.rollback', 1);
    const pending = await h.api('GET', '/api/approvals?status=pending');
    const approval = (pending.body.approvals ?? pending.body)[0];
    await h.api('POST', `/api/approvals/${approval.id}/votes`, { decision: 'approve' }, 'alice');
    await h.close();
    h = undefined;

    const resumed = collector
      .named(SPAN_NAMES.run)
      .find((s) => s.attributes['watchkeeper.run.phase'] === 'resume')!;
    expect(resumed.attributes['watchkeeper.run.status']).to.equal('failed');
    expect(resumed.statusCode).to.equal(2);
    expect(resumed.attributes['watchkeeper.error_code']).to.equal('RUN_FAILED');
    const executed = collector.spans.filter(
      (s) => s.name === SPAN_NAMES.act && s.parentSpanId === resumed.spanId,
    );
    expect(executed).to.have.length(1);
    expect(executed[0]!.attributes['watchkeeper.outcome']).to.equal('failed');
    expect(executed[0]!.statusCode).to.equal(2);
    expect(executed[0]!.attributes['watchkeeper.error_code'])
      .to.be.a('string')
      .and.match(/^TOOL_/);
    expect(executed[0]!.statusMessage).to.include('injected transient fault');
  });
});
