import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  SANDBOX_KINDS,
  sandboxConfig,
  type SandboxFlag,
  type SandboxService,
} from '../../adapters/tools/sandbox/index.js';
import { alertmanagerPayload, ManualClock, startHarness, type Harness } from './harness.js';

async function say(
  h: Harness,
  text: string,
  user = 'operator',
): Promise<{ status: number; text: string; replies: any[] }> {
  const r = await h.api('POST', '/api/commands', { text }, user);
  const replies = r.body.replies ?? [];
  return { status: r.status, text: replies.map((m: any) => m.text ?? '').join('\n'), replies };
}
const approvalOf = (replies: any[]): any => replies.find((m) => m.approval !== undefined)?.approval;
const flag = (h: Harness, name: string): SandboxFlag & { changedAt?: string } =>
  h.app.store.sandbox.get<SandboxFlag & { changedAt?: string }>(SANDBOX_KINDS.flag, name)!;
const incidentCount = async (h: Harness): Promise<number> =>
  (await h.api('GET', '/api/incidents')).body.incidents.length;

describe('e2e operations runbooks', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('denies a scale above the service maximum by policy before anything runs', async () => {
    h = await startHarness();
    const r = await say(h, '!wk ops scale checkout-api 50');
    expect(r.text).to.match(
      /⛔ .*sandbox\.scale not run \[medium, default\.policy\.yaml#scale-out-of-bounds\]/,
    );
    expect(approvalOf(r.replies), 'nothing to approve').to.equal(undefined);
    expect(h.app.store.sandbox.get<SandboxService>(SANDBOX_KINDS.service, 'checkout-api')!.replicas).to.equal(
      6,
    );
    const within = await say(h, '!wk ops scale checkout-api 8');
    expect(approvalOf(within.replies).rule).to.equal('default.policy.yaml#medium-writes');
  });

  it('reverts a flag flipped with a TTL by itself, through policy and audit, even across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-ops-ttl-'));
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    try {
      h = await startHarness({ dir, clock });
      const r = await say(h, '!wk ops flag dark-mode on 30');
      const approval = approvalOf(r.replies);
      expect(approval.preview).to.match(
        /dark-mode \(frontend\): off → on, reverts to off at 2026-11-25T10:30:00\.000Z/,
      );
      await h.api('POST', `/api/approvals/${approval.approvalId}/votes`, { decision: 'approve' }, 'alice');
      expect(flag(h, 'dark-mode').enabled).to.equal(true);
      expect(await h.app.flagTtl.tick(), 'not due yet').to.equal(0);
      await h.close({ keepDir: true });
      h = undefined;

      clock.advance(31 * 60_000);
      h = await startHarness({ dir, clock });
      await h.app.flagTtl.tick(); // start() already ticked once; this one finds nothing new
      expect(flag(h, 'dark-mode').enabled, 'reverted after the restart').to.equal(false);
      expect(await h.app.flagTtl.tick(), 'reverted once only').to.equal(0);
      const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries as any[];
      const calls = audit.filter((e) => e.kind === 'tool.call' && e.data.tool === 'sandbox.revert_flag');
      expect(calls).to.have.length(1);
      const decision = audit.find(
        (e) => e.kind === 'decision' && JSON.stringify(e.data).includes('revert_flag'),
      );
      expect(JSON.stringify(decision.data)).to.include('flag-ttl-revert');
      const impact = await say(h, '!wk ops impact frontend');
      expect(impact.text).to.include('frontend flag dark-mode turned off at 2026-11-25T10:31:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never applies a config change without approval, and shows the diff and rollback plan first', async () => {
    h = await startHarness();
    const r = await say(h, '!wk ops config checkout-api DB_POOL_SIZE 50');
    const approval = approvalOf(r.replies);
    expect(approval.rule).to.equal('default.policy.yaml#config-change-approval');
    expect(approval.preview).to.include('+ DB_POOL_SIZE=50');
    expect(approval.preview).to.include('rollback: set DB_POOL_SIZE back to (unset)');
    expect(sandboxConfig(h.app.store.sandbox, 'checkout-api')).to.deep.equal({});
    const own = await h.api(
      'POST',
      `/api/approvals/${approval.approvalId}/votes`,
      { decision: 'approve' },
      'operator',
    );
    expect(own.status).to.equal(403);
    expect(sandboxConfig(h.app.store.sandbox, 'checkout-api')).to.deep.equal({});
    await h.api('POST', `/api/approvals/${approval.approvalId}/votes`, { decision: 'reject' }, 'alice');
    expect(sandboxConfig(h.app.store.sandbox, 'checkout-api')).to.deep.equal({});

    const again = approvalOf((await say(h, '!wk ops config checkout-api DB_POOL_SIZE 50')).replies);
    await h.api('POST', `/api/approvals/${again.approvalId}/votes`, { decision: 'approve' }, 'alice');
    expect(sandboxConfig(h.app.store.sandbox, 'checkout-api')).to.deep.equal({ DB_POOL_SIZE: '50' });
  });

  it('does not page again for an alert that flaps within the window, and does after it', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    h = await startHarness({ clock, env: { WATCHKEEPER_OPS_FLAP_WINDOW_MS: '600000' } });
    const post = async (status: 'firing' | 'resolved'): Promise<void> => {
      await h!.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighLatency', 'inventory', status));
      await h!.settle();
    };
    await post('firing');
    await post('resolved');
    expect(await incidentCount(h)).to.equal(1);
    clock.advance(2 * 60_000);
    await post('firing');
    expect(await incidentCount(h), 'flapping: no second incident').to.equal(1);
    const audit = (await h.api('GET', '/api/audit?after=0&limit=1000')).body.entries as any[];
    expect(JSON.stringify(audit.filter((e) => e.kind === 'signal').at(-1).data.triage.reasons)).to.match(
      /flapping/,
    );
    await post('resolved');
    clock.advance(11 * 60_000);
    await post('firing');
    expect(await incidentCount(h), 'outside the window it pages again').to.equal(2);
  });

  it('silences an alert for a bounded time, restarts a service and renders the service map', async () => {
    const clock = new ManualClock(Date.parse('2026-11-25T10:00:00Z'));
    h = await startHarness({ clock });
    const tooLong = await say(h, '!wk ops silence HighCPU 2000 cart');
    expect(tooLong.text).to.match(/minutes|1440/);
    const s = approvalOf((await say(h, '!wk ops silence HighCPU 60 cart')).replies);
    await h.api('POST', `/api/approvals/${s.approvalId}/votes`, { decision: 'approve' }, 'alice');
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighCPU', 'cart'));
    await h.settle();
    expect(await incidentCount(h), 'silenced').to.equal(0);
    clock.advance(61 * 60_000);
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighCPU', 'inventory'));
    await h.settle();
    expect(await incidentCount(h), 'other services still page').to.equal(1);

    const restart = approvalOf((await say(h, '!wk ops restart payments-api')).replies);
    expect(restart.reason, 'a restart cannot be undone').to.match(/irreversible/);
    await say(h, `!wk approve ${restart.approvalId} irreversible`, 'alice');
    const svc = h.app.store.sandbox.get<SandboxService & { restartedAt?: string }>(
      SANDBOX_KINDS.service,
      'payments-api',
    )!;
    expect(svc.restartedAt).to.be.a('string');

    const map = await say(h, '!wk ops map checkout-api');
    expect(map.text).to.include('called by: frontend [tier 1, team-web]');
    expect(map.text).to.include('├─▶ cart [tier 2, team-web]\n  │   └─▶ inventory [tier 2, team-warehouse]');
    expect(map.text).to.include(
      '└─▶ payments-api [tier 1, team-payments]\n      └─▶ auth [tier 1, team-identity] (see above)',
    );
    const all = await say(h, '!wk ops map');
    expect(all.text).to.include('• inventory (tier 2, team-warehouse)');
  });
});
