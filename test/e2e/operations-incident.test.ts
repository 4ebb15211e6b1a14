import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { signGithubBody } from '../../adapters/sources/github/index.js';
import { SANDBOX_KINDS, type SandboxService } from '../../adapters/tools/sandbox/index.js';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

const SECRET = 'gh-webhook-secret-for-tests';
const fixture = (path: string): string =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

async function github(
  h: Harness,
  event: string,
  body: string,
  secret = SECRET,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.url}/hooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      'x-hub-signature-256': signGithubBody(secret, body),
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

async function messages(h: Harness): Promise<string> {
  const feed = await h.api('GET', '/api/messages');
  return feed.body.messages.map((m: any) => m.text ?? '').join('\n');
}

const incidents = async (h: Harness): Promise<any[]> => (await h.api('GET', '/api/incidents')).body.incidents;

describe('e2e operations: bad deploy → alert → correlated incident → rollback → resolved', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('correlates the failed deploy with the alert, rolls back after approval and closes with a timeline', async () => {
    h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: SECRET } });
    // 1. GitHub says the 2.4.1 deploy of checkout-api failed (09:55).
    const deploy = await github(h, 'deployment_status', fixture('github/deployment_status-failure.json'));
    expect(deploy.status).to.equal(202);
    expect(deploy.body.accepted).to.equal(1);
    await h.settle();
    const deployIncident = (await incidents(h)).find((i) => i.groupKey === 'deploy:checkout-api:production');
    expect(deployIncident, 'a failed deploy opens an incident').to.not.equal(undefined);

    // 2. The error-rate alert follows at 10:00 on the same service.
    const alert = await h.api(
      'POST',
      '/hooks/alertmanager',
      alertmanagerPayload('HighErrorRate', 'checkout-api'),
    );
    expect(alert.status).to.equal(202);
    await h.settle();
    const incident = (await incidents(h)).find((i) => i.groupKey.startsWith('alertmanager:'));
    expect(incident.skill).to.equal('operations');
    expect(incident.labels, 'the alert names the deploy it followed').to.include({
      suspect_deploy: '2.4.1',
      suspect_deploy_status: 'failure',
    });

    // 3. The incident thread shows the impact analysis, with the failed deploy marked as the suspect.
    const text = await messages(h);
    expect(text).to.include('📍 Impact of checkout-api · tier 1 · owner team-payments');
    expect(text).to.match(/⬆ blast radius \(depends on checkout-api\): frontend \(tier 1\)/);
    expect(text).to.match(/⬇ suspects \(checkout-api depends on\): auth \(tier 1\), cart \(tier 2\)/);
    expect(text).to.include(
      '⚠ checkout-api deploy 2.4.1 at 2026-11-25T09:55:00.000Z by Codertocat (failure)',
    );
    expect(text).to.include('📖 runbook: https://runbooks.example/checkout-api');

    // 4. The rollback waits for approval with its dry run; approved, it runs once.
    const pending = (await h.api('GET', '/api/approvals?status=pending')).body.approvals;
    expect(pending).to.have.length(1);
    const vote = await h.api(
      'POST',
      `/api/approvals/${pending[0].id}/votes`,
      { decision: 'approve' },
      'alice',
    );
    expect(vote.status).to.equal(200);
    const svc = h.app.store.sandbox.get<SandboxService>(SANDBOX_KINDS.service, 'checkout-api')!;
    expect(svc.version).to.equal('2.4.0');
    expect(svc.deploys.at(-1)).to.include({ version: '2.4.0', rollbackOf: '2.4.1', by: 'watchkeeper' });
    expect((await h.api('GET', `/api/incidents/${incident.id}`)).body.incident.status).to.equal('mitigated');

    // 5. The alert resolves; the incident closes and its audit timeline tells the whole story.
    await h.api(
      'POST',
      '/hooks/alertmanager',
      alertmanagerPayload('HighErrorRate', 'checkout-api', 'resolved'),
    );
    await h.settle();
    expect((await h.api('GET', `/api/incidents/${incident.id}`)).body.incident.status).to.equal('resolved');
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries as any[];
    const timeline = audit
      .filter((e) => e.incidentId === incident.id)
      .map((e) => (e.kind === 'incident' ? `incident.${e.data.event}` : e.kind));
    const order = [
      'signal',
      'incident.opened',
      'plan',
      'decision',
      'tool.call',
      'tool.result',
      'incident.resolved',
    ];
    let at = -1;
    for (const kind of order) {
      const next = timeline.indexOf(kind, at + 1);
      expect(
        next,
        `${kind} after ${order[order.indexOf(kind) - 1] ?? 'start'} in ${timeline.join(',')}`,
      ).to.be.greaterThan(at);
      at = next;
    }
    const votes = audit.filter(
      (e) => e.kind.startsWith('approval.') && JSON.stringify(e).includes(pending[0].id),
    );
    expect(votes.map((e) => e.kind)).to.include.members(['approval.requested', 'approval.vote']);
    expect((await h.api('GET', '/api/audit/verify')).body.ok).to.equal(true);
    // The running version shows in `ops deploys` with the rollback recorded.
    const deploys = await h.api('POST', '/api/commands', { text: '!wk ops deploys checkout-api' });
    expect(JSON.stringify(deploys.body.replies)).to.include('2.4.0 good');
  });

  it('refuses bad signatures (401), ignores other events (202, 0) and rejects invalid payloads (400) storing nothing', async () => {
    h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: SECRET } });
    const body = fixture('github/workflow_run-completed.json');
    expect((await github(h, 'workflow_run', body, 'wrong-secret')).status).to.equal(401);
    const unsigned = await fetch(`${h.url}/hooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'workflow_run' },
      body,
    });
    expect(unsigned.status).to.equal(401);
    const ping = await github(h, 'ping', JSON.stringify({ zen: 'Keep it logically awesome.' }));
    expect(ping).to.deep.equal({ status: 202, body: { accepted: 0, signals: [], ignored: 'ping' } });
    const bad = JSON.parse(body);
    bad.workflow_run.head_sha = 'nope';
    const invalid = await github(h, 'workflow_run', JSON.stringify(bad));
    expect(invalid.status).to.equal(400);
    expect(JSON.stringify(invalid.body.error.issues)).to.include('workflow_run.head_sha');
    expect((await github(h, 'workflow_run', '{not json')).status).to.equal(400);
    expect(h.app.store.inbox.count()).to.equal(0);
    const ok = await github(h, 'workflow_run', body);
    expect(ok.body.accepted).to.equal(1);
    await h.settle();
    expect(await incidents(h), 'a successful deploy is recorded, not paged').to.have.length(0);
    const impact = await h.api('POST', '/api/commands', { text: '!wk ops impact octo-repo' });
    expect(impact.status).to.equal(200);
  });

  it('refuses to start with a service map that points at an unknown service, naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-badmap-'));
    const file = join(dir, 'map.yaml');
    writeFileSync(
      file,
      'version: 1\nservices:\n  cart:\n    owner: web\n    tier: 2\n    dependsOn: [nowhere]\n',
    );
    try {
      let caught: unknown;
      try {
        await startHarness({ env: { WATCHKEEPER_SERVICE_MAP: file } });
      } catch (err) {
        caught = err;
      }
      expect(String(caught)).to.include('services.cart.dependsOn.0: unknown service "nowhere"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses every GitHub delivery when GITHUB_WEBHOOK_SECRET is not set', async () => {
    h = await startHarness();
    const res = await github(h, 'workflow_run', fixture('github/workflow_run-completed.json'));
    expect(res.status).to.equal(401);
    expect(h.app.store.inbox.count()).to.equal(0);
  });

  it('opens and resolves an incident from a Grafana webhook', async () => {
    h = await startHarness();
    const body = JSON.parse(fixture('grafana/webhook-firing.json'));
    body.alerts[0].labels.service = 'cart';
    const posted = await h.api('POST', '/hooks/grafana', body);
    expect(posted.status).to.equal(202);
    await h.settle();
    const [incident] = await incidents(h);
    expect(incident).to.include({ skill: 'operations', status: 'open' });
    body.status = 'resolved';
    body.alerts[0].status = 'resolved';
    await h.api('POST', '/hooks/grafana', body);
    await h.settle();
    expect((await h.api('GET', `/api/incidents/${incident.id}`)).body.incident.status).to.equal('resolved');
    const invalid = await h.api('POST', '/hooks/grafana', { version: '1', status: 'firing', alerts: [{}] });
    expect(invalid.status).to.equal(400);
  });
});
