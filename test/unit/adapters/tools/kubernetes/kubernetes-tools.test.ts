import { expect } from 'chai';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import {
  createKubernetesReadTools,
  createKubernetesTools,
} from '../../../../../adapters/tools/kubernetes/index.js';
import { startFakeKubernetes, type FakeKubernetes } from '../../../../fakes/kubernetes/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const TOKEN = 'sa-token-abc';
const ctx = (key = 'k'): ToolContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date('2026-11-25T10:10:00.000Z') },
});

describe('Kubernetes tools (fake API server)', () => {
  let k8s: FakeKubernetes;
  let tools: Map<string, Tool>;
  const call = (name: string, input: unknown) => {
    const t = tools.get(name)!;
    return t.run(t.input.parse(input), ctx());
  };
  const image = () => k8s.deployment('shop', 'checkout-api').spec.template.spec.containers[0].image;

  beforeEach(async () => {
    k8s = await startFakeKubernetes({
      token: TOKEN,
      deployments: [
        {
          name: 'checkout-api',
          namespace: 'shop',
          image: 'acme/checkout:2.4.1',
          replicas: 6,
          history: ['acme/checkout:2.4.0'],
        },
      ],
    });
    tools = new Map(
      createKubernetesTools({
        api: { baseUrl: k8s.url, token: TOKEN, retries: 2, retryBaseMs: 1 },
        namespace: 'shop',
        environment: 'production',
      }).map((t) => [t.name, t]),
    );
  });
  afterEach(() => k8s.close());

  it('declares risk, reversibility and a target the policy can match', () => {
    const undo = tools.get('kubernetes.rollout_undo')!;
    expect([undo.risk, undo.reversible]).to.deep.equal(['high', true]);
    expect([
      tools.get('kubernetes.rollout_restart')!.reversible,
      tools.get('kubernetes.scale')!.risk,
    ]).to.deep.equal([false, 'medium']);
    expect(undo.target(undo.input.parse({ service: 'checkout-api' }))).to.deep.equal({
      environment: 'production',
      service: 'checkout-api',
      asset: 'deployment/shop/checkout-api',
    });
    expect(
      undo.input.safeParse({ service: 'Checkout API; rm -rf /' }).success,
      'names, never shell',
    ).to.equal(false);
  });

  it('restarts through the restartedAt annotation patch with the bearer token', async () => {
    const r = await call('kubernetes.rollout_restart', { service: 'checkout-api' });
    expect(r.summary).to.equal('deployment shop/checkout-api: rolling restart at 2026-11-25T10:10:00.000Z');
    const patch = k8s.requests.find((q) => q.method === 'PATCH')!;
    expect(patch).to.deep.include({
      path: '/apis/apps/v1/namespaces/shop/deployments/checkout-api',
      contentType: 'application/strategic-merge-patch+json',
      auth: `Bearer ${TOKEN}`,
    });
    expect(k8s.deployment('shop', 'checkout-api').spec.template.metadata.annotations).to.deep.equal({
      'kubectl.kubernetes.io/restartedAt': '2026-11-25T10:10:00.000Z',
    });
  });

  it('scales through the scale subresource, previews first, and proposes scaling back', async () => {
    const scale = tools.get('kubernetes.scale')!;
    const input = scale.input.parse({ service: 'checkout-api', replicas: 9 });
    expect((await scale.dryRun!(input, ctx())).summary).to.equal('shop/checkout-api: 6 → 9 replicas');
    expect(k8s.deployment('shop', 'checkout-api').spec.replicas).to.equal(6);
    const r = await scale.run(input, ctx());
    expect(k8s.deployment('shop', 'checkout-api').spec.replicas).to.equal(9);
    expect(k8s.requests.find((q) => q.method === 'PATCH')!.contentType).to.equal(
      'application/merge-patch+json',
    );
    expect(scale.rollback!(input, r)).to.deep.equal({
      tool: 'kubernetes.scale',
      input: { service: 'checkout-api', replicas: 6 },
    });
  });

  it('rolls back to the previous revision, and the rollback of the rollback returns to the bad one', async () => {
    const undo = tools.get('kubernetes.rollout_undo')!;
    const input = undo.input.parse({ service: 'checkout-api' });
    const preview = await undo.dryRun!(input, ctx());
    expect(preview.summary).to.equal(
      'shop/checkout-api: revision 2 (acme/checkout:2.4.1) → 1 (acme/checkout:2.4.0)',
    );
    const r = await undo.run(input, ctx());
    expect(image()).to.equal('acme/checkout:2.4.0');
    const revisions = k8s
      .replicaSets('shop')
      .map((rs) => [
        rs.spec.template.spec.containers[0].image,
        rs.metadata.annotations['deployment.kubernetes.io/revision'],
      ]);
    expect(revisions).to.deep.include.members([
      ['acme/checkout:2.4.0', '3'],
      ['acme/checkout:2.4.1', '2'],
    ]);
    const back = undo.rollback!(input, r)!;
    expect(back).to.deep.equal({
      tool: 'kubernetes.rollout_undo',
      input: { service: 'checkout-api', toRevision: 2 },
    });
    await call(back.tool, back.input);
    expect(image()).to.equal('acme/checkout:2.4.1');
  });

  it('reads the Deployment status and its rollout history, low risk', async () => {
    const read = new Map(
      createKubernetesReadTools({
        api: { baseUrl: k8s.url, token: TOKEN, retries: 0 },
        namespace: 'shop',
        environment: 'production',
      }).map((t) => [t.name, t]),
    );
    for (const t of read.values()) expect([t.risk, t.reversible]).to.deep.equal(['low', false]);
    const status = read.get('kubernetes.deployment_status')!;
    expect((await status.run({ service: 'checkout-api' }, ctx())).summary).to.equal(
      'shop/checkout-api acme/checkout:2.4.1: 6/6 ready, 6 updated, 6 available',
    );
    const history = read.get('kubernetes.rollout_history')!;
    expect((await history.run({ service: 'checkout-api' }, ctx())).summary).to.equal(
      'shop/checkout-api revisions, newest first: 2 acme/checkout:2.4.1 (running), 1 acme/checkout:2.4.0',
    );
  });

  it('retries transient faults, and reports refusals and exhausted retries with the right transience', async () => {
    k8s.failNext(503, 2);
    await call('kubernetes.rollout_restart', { service: 'checkout-api' });
    k8s.failNext(503, 3);
    const transient = await call('kubernetes.rollout_restart', { service: 'checkout-api' }).catch(
      (e: ToolError) => e,
    );
    expect((transient as ToolError).code).to.equal('TOOL_TRANSIENT');
    const missing = await call('kubernetes.scale', { service: 'nope', replicas: 1 }).catch(
      (e: ToolError) => e,
    );
    expect((missing as ToolError).code).to.equal('TOOL_FAILED');
    expect((missing as ToolError).message).to.match(/HTTP 404: deployments.apps "nope" not found/);
    const wrongToken = createKubernetesTools({
      api: { baseUrl: k8s.url, token: 'bad', retries: 0 },
      namespace: 'shop',
      environment: 'production',
    })[0]!;
    const denied = await wrongToken.run({ service: 'checkout-api' }, ctx()).catch((e: ToolError) => e);
    expect((denied as ToolError).message).to.match(/HTTP 401/);
  });
});
