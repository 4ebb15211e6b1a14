import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeKubernetes, type FakeKubernetes } from '../fakes/kubernetes/index.js';
import { startHarness, type Harness } from './harness.js';
import { freePort, waitFor } from './wait.js';
import { stopChild } from '../helpers/stop-child.js';

const TOKEN = 'sa-token-e2e';

describe('e2e operations on the Kubernetes backend (fake API server)', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  let k8s: FakeKubernetes;
  afterEach(async () => {
    await h?.close();
    await k8s?.close();
  });

  const say = async (text: string, user = 'operator') =>
    (await h!.api('POST', '/api/commands', { text }, user)).body.replies as any[];

  it('rolls back a Deployment after approval, and restart/scale go to the API server too', async () => {
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
    h = await startHarness({
      env: {
        WATCHKEEPER_OPS_BACKEND: 'kubernetes',
        KUBERNETES_API_URL: k8s.url,
        KUBERNETES_TOKEN: TOKEN,
        KUBERNETES_NAMESPACE: 'shop',
        // production writes also need a TOTP code (policy production-writes); staging shows the plain path
        WATCHKEEPER_OPS_ENVIRONMENT: 'staging',
      },
    });
    const replies = await say('!wk ops rollback checkout-api');
    expect(replies.map((r) => r.text ?? '').join('\n')).to.include(
      'shop/checkout-api revisions, newest first: 2 acme/checkout:2.4.1 (running), 1 acme/checkout:2.4.0',
    );
    const prompt = replies.find((r) => r.approval !== undefined).approval;
    expect(prompt).to.include({
      tool: 'kubernetes.rollout_undo',
      risk: 'high',
      rule: 'default.policy.yaml#high-risk-approve',
    });
    expect(prompt.preview).to.equal(
      'shop/checkout-api: revision 2 (acme/checkout:2.4.1) → 1 (acme/checkout:2.4.0)',
    );
    expect(
      k8s.requests.filter((r) => r.method === 'PATCH'),
      'nothing changed before approval',
    ).to.have.length(0);
    await h.api('POST', `/api/approvals/${prompt.approvalId}/votes`, { decision: 'approve' }, 'alice');
    expect(k8s.deployment('shop', 'checkout-api').spec.template.spec.containers[0].image).to.equal(
      'acme/checkout:2.4.0',
    );

    const status = (await say('!wk ops status checkout-api')).map((r) => r.text ?? '').join('\n');
    expect(status).to.include('shop/checkout-api acme/checkout:2.4.0: 6/6 ready');
    const scale = (await say('!wk ops scale checkout-api 8')).find((r) => r.approval !== undefined).approval;
    expect(scale.tool).to.equal('kubernetes.scale');
    await h.api('POST', `/api/approvals/${scale.approvalId}/votes`, { decision: 'approve' }, 'alice');
    expect(k8s.deployment('shop', 'checkout-api').spec.replicas).to.equal(8);
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries as any[];
    expect(JSON.stringify(audit), 'the token never reaches the audit').to.not.include(TOKEN);
  });

  it('refuses to start when the Kubernetes backend is chosen without its keys', async () => {
    let caught: unknown;
    try {
      h = await startHarness({ env: { WATCHKEEPER_OPS_BACKEND: 'kubernetes' } });
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).to.equal('CONFIG_INVALID');
    k8s = await startFakeKubernetes({ token: TOKEN, deployments: [] });
  });
});

describe('e2e operations: `ops silence` on a real Alertmanager (ALERTMANAGER_URL)', function () {
  this.timeout(60_000);
  const BINARY = '/usr/bin/prometheus-alertmanager';
  let h: Harness | undefined;
  let am: ChildProcess | undefined;
  let dir: string | undefined;

  before(function () {
    if (!existsSync(BINARY)) {
      if (process.env['CI'] !== undefined)
        throw new Error(`${BINARY} is missing in CI: .ci/run installs prometheus-alertmanager`);
      console.log(`      skipped: ${BINARY} not installed (apt-get install prometheus-alertmanager)`);
      this.skip();
    }
  });
  after(async () => {
    await h?.close();
    await stopChild(am);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the silence in Alertmanager only after approval, and the audit has its id', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wk-ops-am-'));
    writeFileSync(join(dir, 'am.yml'), 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
    const port = await freePort();
    am = spawn(
      BINARY,
      [
        `--config.file=${join(dir, 'am.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      { stdio: 'ignore' },
    );
    const url = `http://127.0.0.1:${port}`;
    await waitFor('alertmanager ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
    h = await startHarness({ env: { ALERTMANAGER_URL: url, WATCHKEEPER_OPS_ENVIRONMENT: 'staging' } });
    const replies = (
      await h.api('POST', '/api/commands', { text: '!wk ops silence HighCPU 30 cart' }, 'operator')
    ).body.replies as any[];
    const prompt = replies.find((r) => r.approval !== undefined).approval;
    expect(prompt.tool).to.equal('alertmanager.create_silence');
    expect(prompt.preview).to.match(/would silence \{alertname="HighCPU", service="cart"\} for 30 min/);
    const silences = async (): Promise<any[]> =>
      (await (await fetch(`${url}/api/v2/silences`)).json()) as any[];
    expect(await silences(), 'nothing before approval').to.have.length(0);
    await h.api('POST', `/api/approvals/${prompt.approvalId}/votes`, { decision: 'approve' }, 'alice');
    const [silence] = await silences();
    expect(silence.status.state).to.equal('active');
    expect(silence.matchers.map((m: any) => `${m.name}=${m.value}`).sort()).to.deep.equal([
      'alertname=HighCPU',
      'service=cart',
    ]);
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries as any[];
    expect(JSON.stringify(audit.filter((e) => e.kind === 'tool.result'))).to.include(silence.id);
  });
});
