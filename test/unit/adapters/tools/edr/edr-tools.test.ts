import { expect } from 'chai';
import { ToolError } from '../../../../../src/core/index.js';
import type { Tool, ToolContext, ToolResult } from '../../../../../src/core/index.js';
import { createEdrTools } from '../../../../../adapters/tools/edr/index.js';
import { startFakeEdr, type FakeEdr } from '../../../../fakes/edr/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const TOKEN = 'edr-test-token-0123456789';
const HASH = 'a'.repeat(64);
let keys = 0;
const ctx = (key = `step-${++keys}`): ToolContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: { now: () => new Date('2026-11-26T10:00:00Z') },
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('EDR containment tools (generic webhook API)', () => {
  let edr: FakeEdr;
  let tools: Map<string, Tool>;
  const tool = (name: string): Tool => tools.get(name)!;
  const run = (name: string, input: unknown, key?: string): Promise<ToolResult> =>
    tool(name).run(tool(name).input.parse(input), ctx(key));

  beforeEach(async () => {
    edr = await startFakeEdr({ token: TOKEN, hosts: ['web-1', 'db-1'] });
    tools = new Map(
      createEdrTools({
        api: { baseUrl: edr.url, token: TOKEN, timeoutMs: 2_000, retries: 2, retryBaseMs: 1 },
      }).map((t) => [t.name, t]),
    );
  });
  afterEach(() => edr.close());

  it('declares every containment action as high-risk, reversible, with a release as its rollback', () => {
    expect([...tools.keys()].sort()).to.deep.equal([
      'edr.block_domain',
      'edr.block_ip',
      'edr.isolate_host',
      'edr.quarantine_file',
      'edr.release_host',
      'edr.restore_file',
      'edr.unblock_domain',
      'edr.unblock_ip',
    ]);
    for (const t of tools.values()) {
      expect(t.risk, t.name).to.equal('high');
      expect(t.reversible, t.name).to.equal(true);
      expect(t.dryRun, t.name).to.be.a('function');
      expect(t.scope, t.name).to.match(/^security:edr\./);
      expect(t.target(t.input.parse(sample(t.name))).environment).to.equal('production');
    }
  });

  it('isolates a host with bearer auth and the step idempotency key, and proposes the release', async () => {
    const input = { host: 'web-1' };
    const preview = await tool('edr.isolate_host').dryRun!(input, ctx());
    expect(preview.summary).to.equal('would isolate host web-1');
    expect(edr.hosts.get('web-1')!.isolated, 'a dry run never writes').to.equal(false);

    const result = await run('edr.isolate_host', input, 'step-iso');
    expect(result.summary).to.equal('isolate host web-1');
    expect(edr.hosts.get('web-1')!.isolated).to.equal(true);
    const call = edr.requests.find((r) => r.method === 'POST')!;
    expect(call.path).to.equal('/v1/hosts/web-1/isolate');
    expect(call.headers.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(call.headers['idempotency-key']).to.equal('step-iso');
    expect(tool('edr.isolate_host').rollback!(input, result)).to.deep.equal({
      tool: 'edr.release_host',
      input: { host: 'web-1' },
    });

    const preview2 = await tool('edr.isolate_host').dryRun!(input, ctx());
    expect(preview2.summary).to.match(/^nothing to do/);
    await run('edr.release_host', input);
    expect(edr.hosts.get('web-1')!.isolated).to.equal(false);
  });

  it('a retried call with the same idempotency key is applied once', async () => {
    await run('edr.block_ip', { ip: '203.0.113.9', reason: 'brute force' }, 'same-key');
    const again = await run('edr.block_ip', { ip: '203.0.113.9', reason: 'brute force' }, 'same-key');
    expect(edr.applied()).to.equal(1);
    expect(again.data).to.include({ changed: true });
    expect(edr.blocked.ip.get('203.0.113.9')).to.equal('brute force');
  });

  it('blocks and unblocks IPs and domains; unblocking what is not blocked is a no-op without rollback', async () => {
    const blocked = await run('edr.block_domain', { domain: 'Evil.Example.COM' });
    expect(edr.blocked.domain.has('evil.example.com')).to.equal(true);
    expect(tool('edr.block_domain').rollback!({ domain: 'evil.example.com' }, blocked)).to.deep.equal({
      tool: 'edr.unblock_domain',
      input: { domain: 'evil.example.com' },
    });
    await run('edr.unblock_domain', { domain: 'evil.example.com' });
    expect(edr.blocked.domain.size).to.equal(0);
    const noop = await run('edr.unblock_ip', { ip: '198.51.100.1' });
    expect(noop.summary).to.match(/^already done/);
    expect(tool('edr.unblock_ip').rollback!({ ip: '198.51.100.1' }, noop)).to.equal(undefined);
  });

  it('quarantines and restores a file by SHA-256', async () => {
    await run('edr.quarantine_file', { host: 'db-1', sha256: HASH.toUpperCase() });
    expect(edr.quarantined.has(`db-1:${HASH}`)).to.equal(true);
    await run('edr.restore_file', { host: 'db-1', sha256: HASH });
    expect(edr.quarantined.size).to.equal(0);
  });

  it('retries transient faults (503 with Retry-After, dropped socket) and then succeeds', async () => {
    edr.fail({ kind: 'status', status: 503, retryAfterSeconds: 0 }, { kind: 'drop' });
    await run('edr.isolate_host', { host: 'db-1' });
    expect(edr.hosts.get('db-1')!.isolated).to.equal(true);
    expect(edr.requests.filter((r) => r.method === 'POST')).to.have.length(3);
  });

  it('gives up after its retries with a transient ToolError, so the orchestrator can back off', async () => {
    edr.fail(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })));
    const err = await rejection(run('edr.isolate_host', { host: 'web-1' }));
    expect(err).to.be.instanceOf(ToolError);
    expect((err as ToolError).transient).to.equal(true);
    expect(edr.hosts.get('web-1')!.isolated).to.equal(false);
  });

  it('times out a stalled call', async () => {
    const slow = createEdrTools({
      api: { baseUrl: edr.url, token: TOKEN, timeoutMs: 100, retries: 0, retryBaseMs: 1 },
    });
    edr.fail({ kind: 'stall', ms: 1_000 });
    const err = await rejection(slow[0]!.run({ host: 'web-1' }, ctx()));
    expect((err as ToolError).code).to.equal('TOOL_TRANSIENT');
    expect((err as Error).message).to.match(/no answer within 100 ms/);
  });

  it('the dry run of an action on a host the EDR does not know says so', async () => {
    const preview = await tool('edr.isolate_host').dryRun!({ host: 'ghost-1' }, ctx());
    expect(preview).to.include({
      ok: false,
      summary: 'would isolate host ghost-1, but the API does not know it (HTTP 404)',
    });
  });

  it('an unknown host and a wrong token are permanent failures, not retried', async () => {
    const unknown = await rejection(run('edr.isolate_host', { host: 'nope-9' }));
    expect((unknown as ToolError).code).to.equal('TOOL_FAILED');
    const wrong = createEdrTools({
      api: { baseUrl: edr.url, token: 'wrong', timeoutMs: 1_000, retries: 3, retryBaseMs: 1 },
    });
    const before = edr.requests.length;
    const denied = await rejection(wrong[0]!.run({ host: 'web-1' }, ctx()));
    expect((denied as ToolError).code).to.equal('TOOL_FAILED');
    expect((denied as Error).message).to.match(/HTTP 401/);
    expect(edr.requests.length - before).to.equal(1);
  });

  it('refuses inputs that are not a host id, an IP, a domain or a SHA-256 (nothing reaches the API)', () => {
    expect(tool('edr.isolate_host').input.safeParse({ host: 'web-1; rm -rf /' }).success).to.equal(false);
    expect(tool('edr.block_ip').input.safeParse({ ip: '10.0.0.300' }).success).to.equal(false);
    expect(
      tool('edr.block_domain').input.safeParse({ domain: 'http://evil.example.com/x' }).success,
    ).to.equal(false);
    expect(tool('edr.quarantine_file').input.safeParse({ host: 'web-1', sha256: 'abc' }).success).to.equal(
      false,
    );
    expect(edr.requests).to.have.length(0);
  });
});

function sample(name: string): unknown {
  if (name.endsWith('_ip')) return { ip: '192.0.2.1' };
  if (name.endsWith('_domain')) return { domain: 'evil.example.com' };
  if (name.endsWith('_file')) return { host: 'web-1', sha256: HASH };
  return { host: 'web-1' };
}
