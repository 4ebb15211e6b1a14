import { expect } from 'chai';
import type { Tool, ToolResult } from '../../../../../src/core/index.js';
import {
  createSandboxSecurityTools,
  createSandboxTools,
} from '../../../../../adapters/tools/sandbox/index.js';
import { ctx, memoryStore, demoSeed } from './sandbox-fixture.js';
import { seedSandbox } from '../../../../../adapters/tools/sandbox/index.js';
import type { Store } from '../../../../../src/core/index.js';

const HASH = 'b'.repeat(64);

describe('sandbox security containment tools', () => {
  let store: Store;
  let tools: Map<string, Tool>;
  const call = (name: string, input: unknown): Promise<ToolResult> => {
    const t = tools.get(name)!;
    return t.run(t.input.parse(input), ctx());
  };
  const dry = (name: string, input: unknown): Promise<ToolResult> => {
    const t = tools.get(name)!;
    return t.dryRun!(t.input.parse(input), ctx());
  };
  /** Runs a tool, then the rollback it proposes; returns both results. */
  const roundTrip = async (name: string, input: unknown): Promise<[ToolResult, ToolResult]> => {
    const t = tools.get(name)!;
    const done = await call(name, input);
    const back = t.rollback!(t.input.parse(input), JSON.parse(JSON.stringify(done)));
    expect(back, `${name} proposes its release`).to.not.equal(undefined);
    return [done, await call(back!.tool, back!.input)];
  };

  beforeEach(() => {
    store = memoryStore();
    seedSandbox(store.sandbox, demoSeed());
    const all = [
      ...createSandboxTools({ state: store.sandbox }),
      ...createSandboxSecurityTools({ state: store.sandbox }),
    ];
    tools = new Map(all.map((t) => [t.name, t]));
  });
  afterEach(() => store.close());

  it('every containment tool has its release tool in the catalogue (except session revocation)', () => {
    const pairs: Record<string, string> = {
      'sandbox.isolate_host': 'sandbox.release_host',
      'sandbox.disable_account': 'sandbox.enable_account',
      'sandbox.block_ip': 'sandbox.unblock_ip',
      'sandbox.block_domain': 'sandbox.unblock_domain',
      'sandbox.quarantine_file': 'sandbox.restore_file',
    };
    for (const [tool, release] of Object.entries(pairs)) {
      expect(tools.get(tool)!.reversible, tool).to.equal(true);
      expect(tools.has(release), release).to.equal(true);
    }
    expect(tools.get('sandbox.revoke_sessions')).to.include({ risk: 'critical', reversible: false });
  });

  it('block_ip is now reversible: unblock lifts it and a second block applies again', async () => {
    const [blocked, released] = await roundTrip('sandbox.block_ip', {
      ip: '203.0.113.50',
      reason: 'brute force',
    });
    expect(blocked.summary).to.equal('firewall: block 203.0.113.50 (brute force)');
    expect(released.summary).to.equal('firewall: unblock 203.0.113.50 (was: brute force)');
    expect((await dry('sandbox.unblock_ip', { ip: '203.0.113.50' })).summary).to.equal(
      '203.0.113.50 is not blocked',
    );
    expect((await call('sandbox.block_ip', { ip: '203.0.113.50' })).summary).to.equal(
      'firewall: block 203.0.113.50',
    );
    // The seeded rule can be lifted too.
    expect((await call('sandbox.unblock_ip', { ip: '198.51.100.23' })).summary).to.match(
      /credential stuffing/,
    );
  });

  it('blocks and unblocks a domain, normalising its case, and refuses URLs', async () => {
    const [done, back] = await roundTrip('sandbox.block_domain', {
      domain: 'C2.Evil.Example',
      reason: 'beacon',
    });
    expect(done.summary).to.equal('dns: block c2.evil.example (beacon)');
    expect(back.summary).to.equal('dns: unblock c2.evil.example');
    expect(
      tools.get('sandbox.block_domain')!.input.safeParse({ domain: 'https://x.example/a' }).success,
    ).to.equal(false);
  });

  it('quarantines and restores a file on a known host; an unknown host fails', async () => {
    const preview = await dry('sandbox.quarantine_file', { host: 'web-1', sha256: HASH });
    expect(preview.data).to.include({ dryRun: true, changed: true });
    const [done, back] = await roundTrip('sandbox.quarantine_file', { host: 'web-1', sha256: HASH });
    expect(done.summary).to.equal(`file ${HASH.slice(0, 12)}… on web-1: quarantined`);
    expect(back.summary).to.equal(`file ${HASH.slice(0, 12)}… on web-1: restored`);
    let failed: unknown;
    await call('sandbox.quarantine_file', { host: 'nope', sha256: HASH }).catch((e: unknown) => (failed = e));
    expect((failed as { code: string }).code).to.equal('TOOL_FAILED');
  });

  it('revokes the sessions of an account, targeting its tags for policy', async () => {
    const t = tools.get('sandbox.revoke_sessions')!;
    expect(t.target({ account: 'acct-1004' })).to.deep.include({
      asset: 'acct-1004',
      tags: ['admin', 'break-glass'],
    });
    const r = await call('sandbox.revoke_sessions', { account: 'acct-1002' });
    expect(r.summary).to.equal('account acct-1002 (bo): every session revoked');
    expect(store.sandbox.get<{ revocations: number }>('sessions', 'acct-1002')!.revocations).to.equal(1);
  });
});
