import { expect } from 'chai';
import { ToolError } from '../../../../../src/core/index.js';
import type { Risk, WatchkeeperError } from '../../../../../src/core/index.js';
import {
  injectSandboxDelay,
  injectSandboxFault,
  SANDBOX_KINDS,
} from '../../../../../adapters/tools/sandbox/index.js';
import type {
  SandboxAccount,
  SandboxFlag,
  SandboxHost,
  SandboxService,
  SandboxTicket,
} from '../../../../../adapters/tools/sandbox/index.js';
import { ctx, seededSandbox } from './sandbox-fixture.js';
import type { SandboxFixture } from './sandbox-fixture.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

const service = (f: SandboxFixture, name: string): SandboxService =>
  f.state.get<SandboxService>(SANDBOX_KINDS.service, name)!;

describe('sandbox tools', () => {
  let f: SandboxFixture;
  beforeEach(() => {
    f = seededSandbox();
  });
  afterEach(() => f.store.close());

  it('declares the names and risks the policy files rely on', () => {
    const declared = Object.fromEntries([...f.tools.values()].map((t) => [t.name, t.risk]));
    const expected: Record<string, Risk> = {
      'sandbox.service_status': 'low',
      'sandbox.recent_deploys': 'low',
      'sandbox.logs': 'low',
      'sandbox.rollback': 'high',
      'sandbox.scale': 'medium',
      'sandbox.flip_flag': 'medium',
      'sandbox.isolate_host': 'high',
      'sandbox.release_host': 'high',
      'sandbox.disable_account': 'critical',
      'sandbox.enable_account': 'critical',
      'sandbox.block_ip': 'high',
      'sandbox.ticket_comment': 'low',
      'sandbox.ticket_close': 'medium',
    };
    expect(declared).to.deep.equal(expected);
    for (const t of f.tools.values()) {
      expect(t.reversible, t.name).to.equal(t.rollback !== undefined);
      expect(t.scope, t.name).to.match(/^sandbox:/);
    }
  });

  describe('diagnostics', () => {
    it('service_status shows version, health and replicas', async () => {
      const r = await f.call('sandbox.service_status', { service: 'checkout-api' });
      expect(r.ok).to.equal(true);
      expect(r.summary).to.include('checkout-api 2.4.1: degraded, 6 replicas');
      expect(r.data).to.deep.include({ dependents: ['frontend'] });
    });

    it('recent_deploys lists newest first', async () => {
      const r = await f.call('sandbox.recent_deploys', { service: 'checkout-api', limit: 2 });
      const versions = (r.data as { deploys: { version: string }[] }).deploys.map((d) => d.version);
      expect(versions).to.deep.equal(['2.4.1', '2.4.0']);
    });

    it('logs returns a bounded tail and refuses more than the bound', async () => {
      const r = await f.call('sandbox.logs', { service: 'checkout-api', lines: 2 });
      expect((r.data as { lines: string[] }).lines).to.have.length(2);
      const filtered = await f.call('sandbox.logs', { service: 'checkout-api', contains: 'ERROR' });
      expect((filtered.data as { lines: string[] }).lines.every((l) => l.includes('ERROR'))).to.equal(true);
      expect(f.tools.get('sandbox.logs')!.input.safeParse({ service: 'cart', lines: 5000 }).success).to.equal(
        false,
      );
    });

    it('an unknown service is a non-transient ToolError naming it', async () => {
      const err = await rejection(f.call('sandbox.service_status', { service: 'ghost' }));
      expect(err).to.be.instanceOf(ToolError);
      expect((err as ToolError).transient).to.equal(false);
      expect((err as ToolError).code).to.equal('TOOL_FAILED');
      expect((err as ToolError).message).to.include('"ghost"');
    });
  });

  describe('sandbox.rollback', () => {
    it('defaults to the last good deploy and records the rollback as a deploy', async () => {
      const r = await f.call('sandbox.rollback', { service: 'checkout-api' });
      expect(r.summary).to.equal('checkout-api: 2.4.1 → 2.4.0, 6 replicas restarted');
      const svc = service(f, 'checkout-api');
      expect(svc.version).to.equal('2.4.0');
      expect(svc.status).to.equal('healthy');
      expect(svc.deploys.at(-1)).to.deep.include({ version: '2.4.0', rollbackOf: '2.4.1', status: 'good' });
    });

    it('dry-run previews exactly the change and changes nothing', async () => {
      const before = service(f, 'checkout-api');
      const preview = await f.dryRun('sandbox.rollback', { service: 'checkout-api' });
      expect(preview.summary).to.equal('checkout-api: 2.4.1 → 2.4.0, 6 replicas restarted');
      expect(service(f, 'checkout-api')).to.deep.equal(before);
    });

    it('can roll back the rollback through its inverse call', async () => {
      const tool = f.tools.get('sandbox.rollback')!;
      const input = tool.input.parse({ service: 'checkout-api' });
      const first = await f.call('sandbox.rollback', input);
      const inverse = tool.rollback!(input, first);
      expect(inverse).to.deep.equal({
        tool: 'sandbox.rollback',
        input: { service: 'checkout-api', toVersion: '2.4.1' },
      });
      await f.call(inverse!.tool, inverse!.input);
      const svc = service(f, 'checkout-api');
      expect(svc.version).to.equal('2.4.1');
      expect(svc.status).to.equal('degraded');
      expect(svc.deploys).to.have.length(5);
      const again = await f.call('sandbox.rollback', { service: 'checkout-api' });
      expect(again.summary).to.include('2.4.1 → 2.4.0');
    });

    it('refuses a version never deployed, or the running one', async () => {
      const never = await rejection(
        f.call('sandbox.rollback', { service: 'checkout-api', toVersion: '9.9.9' }),
      );
      expect((never as ToolError).transient).to.equal(false);
      const same = await rejection(
        f.call('sandbox.rollback', { service: 'checkout-api', toVersion: '2.4.1' }),
      );
      expect(same).to.be.instanceOf(ToolError);
      expect(service(f, 'checkout-api').deploys).to.have.length(3);
    });

    it('refuses when there is no earlier good deploy', async () => {
      const svc = service(f, 'cart');
      f.state.put(SANDBOX_KINDS.service, 'cart', { ...svc, deploys: svc.deploys.slice(-1) });
      const err = await rejection(f.call('sandbox.rollback', { service: 'cart' }));
      expect((err as ToolError).code).to.equal('TOOL_FAILED');
    });
  });

  describe('sandbox.scale', () => {
    it('scales absolutely and relatively, with the inverse restoring the count', async () => {
      const tool = f.tools.get('sandbox.scale')!;
      const r = await f.call('sandbox.scale', { service: 'cart', by: 2 });
      expect(r.summary).to.equal('cart: 3 → 5 replicas');
      expect(service(f, 'cart').replicas).to.equal(5);
      expect(tool.rollback!(tool.input.parse({ service: 'cart', by: 2 }), r)).to.deep.equal({
        tool: 'sandbox.scale',
        input: { service: 'cart', replicas: 3 },
      });
      await f.call('sandbox.scale', { service: 'cart', replicas: 10 });
      expect(service(f, 'cart').replicas).to.equal(10);
    });

    it('refuses counts outside min/max with a non-transient error and changes nothing', async () => {
      for (const input of [
        { service: 'cart', replicas: 11 },
        { service: 'auth', by: -1 },
      ]) {
        const err = await rejection(f.call('sandbox.scale', input));
        expect(err).to.be.instanceOf(ToolError);
        expect((err as ToolError).transient).to.equal(false);
      }
      expect(service(f, 'cart').replicas).to.equal(3);
      expect(service(f, 'auth').replicas).to.equal(3);
    });

    it('needs exactly one of replicas or by', () => {
      const input = f.tools.get('sandbox.scale')!.input;
      expect(input.safeParse({ service: 'cart', replicas: 4, by: 1 }).success).to.equal(false);
      expect(input.safeParse({ service: 'cart' }).success).to.equal(false);
    });

    it('a dry-run shows the change without applying it', async () => {
      const preview = await f.dryRun('sandbox.scale', { service: 'cart', replicas: 6 });
      expect(preview.summary).to.equal('cart: 3 → 6 replicas');
      expect(service(f, 'cart').replicas).to.equal(3);
    });
  });

  describe('idempotency', () => {
    it('a retried call with the same key applies once and returns the first result', async () => {
      const first = await f.call('sandbox.scale', { service: 'cart', by: 1 }, 'step-1');
      const second = await f.call('sandbox.scale', { service: 'cart', by: 1 }, 'step-1');
      expect(second).to.deep.equal(first);
      expect(service(f, 'cart').replicas).to.equal(4);
      await f.call('sandbox.scale', { service: 'cart', by: 1 }, 'step-2');
      expect(service(f, 'cart').replicas).to.equal(5);
    });

    it('a retried comment is posted once', async () => {
      await f.call('sandbox.ticket_comment', { ticket: 'TCK-102', text: 'looking' }, 'c-1');
      await f.call('sandbox.ticket_comment', { ticket: 'TCK-102', text: 'looking' }, 'c-1');
      expect(f.state.get<SandboxTicket>(SANDBOX_KINDS.ticket, 'TCK-102')!.comments).to.have.length(1);
    });
  });

  describe('fault injection', () => {
    it('fails the next N calls transiently before applying anything, then works', async () => {
      injectSandboxFault(f.state, 'sandbox.scale', 2);
      for (let i = 0; i < 2; i++) {
        const err = await rejection(f.call('sandbox.scale', { service: 'cart', by: 1 }, 'retry-key'));
        expect(err).to.be.instanceOf(ToolError);
        expect((err as ToolError).transient).to.equal(true);
        expect((err as WatchkeeperError).code).to.equal('TOOL_TRANSIENT');
        expect(service(f, 'cart').replicas).to.equal(3);
      }
      const ok = await f.call('sandbox.scale', { service: 'cart', by: 1 }, 'retry-key');
      expect(ok.ok).to.equal(true);
      expect(service(f, 'cart').replicas).to.equal(4);
      expect(f.state.get(SANDBOX_KINDS.faults, 'sandbox.scale')).to.deep.equal({ transientFailures: 0 });
    });
    it('an injected delay holds the next call before it applies anything; an abort ends it', async () => {
      injectSandboxDelay(f.state, 'sandbox.scale', 80);
      const started = Date.now();
      const call = f.call('sandbox.scale', { service: 'cart', by: 1 });
      await new Promise((r) => setTimeout(r, 20));
      expect(service(f, 'cart').replicas, 'nothing applied while delayed').to.equal(3);
      await call;
      expect(Date.now() - started).to.be.at.least(75);
      expect(service(f, 'cart').replicas).to.equal(4);
      const quick = Date.now();
      await f.call('sandbox.scale', { service: 'cart', by: -1 });
      expect(Date.now() - quick, 'the delay is used up').to.be.below(50);

      injectSandboxDelay(f.state, 'sandbox.scale', 5_000);
      const tool = f.tools.get('sandbox.scale')!;
      const abort = new AbortController();
      const aborted = tool.run(tool.input.parse({ service: 'cart', by: 1 }), {
        ...ctx(),
        signal: abort.signal,
      });
      abort.abort();
      const err = await rejection(aborted);
      expect((err as ToolError).transient).to.equal(true);
      expect(service(f, 'cart').replicas).to.equal(3);
    });
  });

  describe('flags, hosts, accounts, firewall, tickets', () => {
    it('flip_flag turns a flag off; its inverse turns it back on', async () => {
      const tool = f.tools.get('sandbox.flip_flag')!;
      const input = tool.input.parse({ flag: 'new-checkout-flow', enabled: false });
      expect(tool.target(input)).to.deep.equal({
        environment: 'sandbox',
        service: 'checkout-api',
        asset: 'new-checkout-flow',
      });
      const r = await f.call('sandbox.flip_flag', input);
      expect(r.summary).to.equal('flag new-checkout-flow (checkout-api): on → off');
      expect(f.state.get<SandboxFlag>(SANDBOX_KINDS.flag, 'new-checkout-flow')!.enabled).to.equal(false);
      expect(tool.rollback!(input, r)).to.deep.equal({
        tool: 'sandbox.flip_flag',
        input: { flag: 'new-checkout-flow', enabled: true },
      });
    });

    it('isolate_host carries the host tags into the target and release_host undoes it', async () => {
      const tool = f.tools.get('sandbox.isolate_host')!;
      expect(tool.target(tool.input.parse({ host: 'payments-db-1' }))).to.deep.equal({
        environment: 'sandbox',
        service: 'payments-api',
        asset: 'payments-db-1',
        tags: ['prod', 'pci', 'crown-jewel'],
      });
      const r = await f.call('sandbox.isolate_host', { host: 'payments-db-1' });
      expect(f.state.get<SandboxHost>(SANDBOX_KINDS.host, 'payments-db-1')!.isolated).to.equal(true);
      const inverse = tool.rollback!({ host: 'payments-db-1' }, r)!;
      expect(inverse.tool).to.equal('sandbox.release_host');
      await f.call(inverse.tool, inverse.input);
      expect(f.state.get<SandboxHost>(SANDBOX_KINDS.host, 'payments-db-1')!.isolated).to.equal(false);
    });

    it('disable_account and enable_account toggle an account, with its tags in the target', async () => {
      const tool = f.tools.get('sandbox.disable_account')!;
      expect(tool.target(tool.input.parse({ account: 'acct-1004' })).tags).to.deep.equal([
        'admin',
        'break-glass',
      ]);
      await f.call('sandbox.disable_account', { account: 'acct-1004' });
      expect(f.state.get<SandboxAccount>(SANDBOX_KINDS.account, 'acct-1004')!.disabled).to.equal(true);
      await f.call('sandbox.enable_account', { account: 'acct-1004' });
      expect(f.state.get<SandboxAccount>(SANDBOX_KINDS.account, 'acct-1004')!.disabled).to.equal(false);
    });

    it('an action already in effect is reported and has no inverse', async () => {
      const tool = f.tools.get('sandbox.release_host')!;
      const r = await f.call('sandbox.release_host', { host: 'web-1' });
      expect(r.summary).to.equal('host web-1 is already in service');
      expect(tool.rollback!({ host: 'web-1' }, r)).to.equal(undefined);
    });

    it('block_ip validates IPv4/IPv6 and adds a firewall rule', async () => {
      const input = f.tools.get('sandbox.block_ip')!.input;
      expect(input.safeParse({ ip: '300.1.1.1' }).success).to.equal(false);
      expect(input.safeParse({ ip: 'not-an-ip' }).success).to.equal(false);
      await f.call('sandbox.block_ip', { ip: '203.0.113.77', reason: 'brute force' });
      await f.call('sandbox.block_ip', { ip: '2001:db8::1' });
      expect(f.state.get(SANDBOX_KINDS.firewall, '203.0.113.77')).to.deep.include({ reason: 'brute force' });
      expect(f.state.get(SANDBOX_KINDS.firewall, '2001:db8::1')).to.not.equal(undefined);
    });

    it('ticket_comment and ticket_close update the ticket', async () => {
      await f.call('sandbox.ticket_comment', { ticket: 'TCK-101', text: 'Rolled back to 2.4.0' });
      const r = await f.call('sandbox.ticket_close', { ticket: 'TCK-101', comment: 'Fixed by rollback' });
      expect(r.summary).to.include('open → closed');
      const ticket = f.state.get<SandboxTicket>(SANDBOX_KINDS.ticket, 'TCK-101')!;
      expect(ticket.status).to.equal('closed');
      expect(ticket.comments.map((c) => c.text)).to.deep.equal([
        'Customers report 500s at payment step.',
        'Rolled back to 2.4.0',
        'Fixed by rollback',
      ]);
      const unknown = await rejection(f.call('sandbox.ticket_close', { ticket: 'TCK-999' }));
      expect((unknown as ToolError).transient).to.equal(false);
    });
  });
});
