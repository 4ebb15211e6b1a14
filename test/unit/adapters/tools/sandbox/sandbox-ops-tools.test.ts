import { expect } from 'chai';
import type { ToolError } from '../../../../../src/core/index.js';
import {
  SANDBOX_KINDS,
  activeSilence,
  createSandboxOpsTools,
  dueFlagReverts,
  sandboxConfig,
  type SandboxFlag,
  type SandboxService,
} from '../../../../../adapters/tools/sandbox/index.js';
import { ctx, seededSandbox, type SandboxFixture } from './sandbox-fixture.js';

/** The fixture's clock is fixed at 2026-08-01T10:30:00Z. */
function fixture(): SandboxFixture {
  const f = seededSandbox();
  for (const t of createSandboxOpsTools({ state: f.state })) f.tools.set(t.name, t);
  return f;
}

describe('sandbox operations runbook tools', () => {
  it('restart: medium, irreversible, recorded in the logs once per idempotency key', async () => {
    const f = fixture();
    const restart = f.tools.get('sandbox.restart')!;
    expect([restart.risk, restart.reversible]).to.deep.equal(['medium', false]);
    expect((await f.dryRun('sandbox.restart', { service: 'cart' })).summary).to.equal(
      'cart: rolling restart of 3 replicas (1.8.3)',
    );
    await f.call('sandbox.restart', { service: 'cart' }, 'same');
    await f.call('sandbox.restart', { service: 'cart' }, 'same');
    const svc = f.state.get<SandboxService & { restartedAt: string }>(SANDBOX_KINDS.service, 'cart')!;
    expect(svc.restartedAt).to.equal('2026-08-01T10:30:00.000Z');
    expect(svc.logs.filter((l) => l.includes('rolling restart'))).to.have.length(1);
  });

  it('silence: bounded, matches exact labels while active, and its rollback expires it', async () => {
    const f = fixture();
    const silence = f.tools.get('sandbox.silence')!;
    expect(silence.input.safeParse({ matchers: { alertname: 'HighCPU' }, minutes: 1441 }).success).to.equal(
      false,
    );
    const input = silence.input.parse({ matchers: { alertname: 'HighCPU', service: 'cart' }, minutes: 60 });
    const r = await silence.run(input, ctx('s1'));
    const id = (r.data as any).id as string;
    expect(r.summary).to.equal(
      `silence ${id} on {alertname="HighCPU", service="cart"} for 60 min, until 2026-08-01T11:30:00.000Z`,
    );
    const at = (iso: string) => new Date(iso);
    expect(
      activeSilence(
        f.state,
        { alertname: 'HighCPU', service: 'cart', severity: 'warning' },
        at('2026-08-01T11:00:00Z'),
      )?.id,
    ).to.equal(id);
    expect(
      activeSilence(f.state, { alertname: 'HighCPU', service: 'auth' }, at('2026-08-01T11:00:00Z')),
    ).to.equal(undefined);
    expect(
      activeSilence(f.state, { alertname: 'HighCPU', service: 'cart' }, at('2026-08-01T11:31:00Z')),
    ).to.equal(undefined);
    const undo = silence.rollback!(input, r)!;
    await f.call(undo.tool, undo.input);
    expect(
      activeSilence(f.state, { alertname: 'HighCPU', service: 'cart' }, at('2026-08-01T10:45:00Z')),
    ).to.equal(undefined);
  });

  it('config change: the dry run is the proposal (diff + rollback plan); the rollback restores the old value', async () => {
    const f = fixture();
    const tool = f.tools.get('sandbox.config_change')!;
    expect([tool.risk, tool.reversible]).to.deep.equal(['high', true]);
    const input = tool.input.parse({ service: 'cart', key: 'CACHE_TTL', value: '30' });
    const preview = await f.dryRun('sandbox.config_change', input);
    expect((preview.data as any).diff).to.equal('+ CACHE_TTL=30');
    expect((preview.data as any).rollbackPlan).to.equal(
      'sandbox.config_change {"service":"cart","key":"CACHE_TTL","value":null}',
    );
    expect(sandboxConfig(f.state, 'cart'), 'a dry run writes nothing').to.deep.equal({});
    const r = await tool.run(input, ctx('c1'));
    expect(sandboxConfig(f.state, 'cart')).to.deep.equal({ CACHE_TTL: '30' });
    const second = await f.call('sandbox.config_change', { service: 'cart', key: 'CACHE_TTL', value: '60' });
    expect(second.summary).to.equal(
      'cart config: - CACHE_TTL=30 + CACHE_TTL=60 (rollback: set CACHE_TTL back to 30)',
    );
    const undo = tool.rollback!(input, r)!;
    await f.call(undo.tool, undo.input);
    expect(sandboxConfig(f.state, 'cart')).to.deep.equal({});
    expect(tool.input.safeParse({ service: 'cart', key: 'A; rm -rf /', value: 'x' }).success).to.equal(false);
  });

  it('flag TTL: the flip records a durable revert; the revert runs once and only for a pending TTL', async () => {
    const f = fixture();
    const r = await f.call(
      'sandbox.flip_flag',
      { flag: 'dark-mode', enabled: true, ttlMinutes: 15 },
      'flip-1',
    );
    expect(r.summary).to.equal(
      'flag dark-mode (frontend): off → on, reverts to off at 2026-08-01T10:45:00.000Z',
    );
    expect(dueFlagReverts(f.state, new Date('2026-08-01T10:44:00Z'))).to.have.length(0);
    const [due] = dueFlagReverts(f.state, new Date('2026-08-01T10:45:00Z'));
    expect(due).to.deep.include({ flag: 'dark-mode', revertTo: false, status: 'pending' });
    const revert = await f.call('sandbox.revert_flag', { ttlId: due!.id });
    expect(revert.summary).to.equal('flag dark-mode (frontend): TTL over, on → off');
    expect(f.state.get<SandboxFlag>(SANDBOX_KINDS.flag, 'dark-mode')!.enabled).to.equal(false);
    expect(dueFlagReverts(f.state, new Date('2026-08-02T00:00:00Z'))).to.have.length(0);
    expect((await f.call('sandbox.revert_flag', { ttlId: due!.id })).summary).to.equal(
      `flag TTL ${due!.id} already reverted`,
    );
    const unknown = await f.call('sandbox.revert_flag', { ttlId: 'T-nope' }).catch((e: ToolError) => e);
    expect((unknown as ToolError).code).to.equal('TOOL_FAILED');
  });

  it('flag TTL: a flag someone already put back is closed without flipping it again', async () => {
    const f = fixture();
    await f.call('sandbox.flip_flag', { flag: 'dark-mode', enabled: true, ttlMinutes: 5 });
    await f.call('sandbox.flip_flag', { flag: 'dark-mode', enabled: false });
    const [due] = dueFlagReverts(f.state, new Date('2026-08-01T11:00:00Z'));
    const r = await f.call('sandbox.revert_flag', { ttlId: due!.id });
    expect(r.summary).to.match(/already off; TTL T-\w+ closed/);
  });

  it('scale: a count outside min/max carries a tag the policy denies on', () => {
    const f = fixture();
    const scale = f.tools.get('sandbox.scale')!;
    expect(scale.target(scale.input.parse({ service: 'checkout-api', replicas: 50 })).tags).to.deep.equal([
      'scale:above-max',
    ]);
    expect(scale.target(scale.input.parse({ service: 'checkout-api', by: -5 })).tags).to.deep.equal([
      'scale:below-min',
    ]);
    expect(scale.target(scale.input.parse({ service: 'checkout-api', replicas: 8 }))).to.deep.equal({
      environment: 'sandbox',
      service: 'checkout-api',
    });
  });
});
