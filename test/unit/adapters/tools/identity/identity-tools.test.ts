import { expect } from 'chai';
import type { Tool, ToolContext, ToolError } from '../../../../../src/core/index.js';
import { createIdentityTools } from '../../../../../adapters/tools/identity/index.js';
import { startFakeScim, type FakeScim } from '../../../../fakes/identity/index.js';
import { silentLogger } from '../../../../helpers/silent-logger.js';

const TOKEN = 'scim-test-token-0123456789';
const ctx = (): ToolContext => ({
  idempotencyKey: 'step-1',
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

describe('identity containment tools (SCIM 2.0)', () => {
  let scim: FakeScim;
  let tools: Map<string, Tool>;
  const tool = (name: string): Tool => tools.get(name)!;

  beforeEach(async () => {
    scim = await startFakeScim({
      token: TOKEN,
      users: [
        { id: 'u-100', userName: 'mallory' },
        { id: 'u-200', userName: 'ana' },
      ],
    });
    tools = new Map(
      createIdentityTools({
        api: { baseUrl: scim.url, token: TOKEN, timeoutMs: 2_000, retries: 1, retryBaseMs: 1 },
      }).map((t) => [t.name, t]),
    );
  });
  afterEach(() => scim.close());

  it('declares disable/enable as critical and reversible, revoke as critical and irreversible', () => {
    expect(tool('idp.disable_account')).to.include({ risk: 'critical', reversible: true });
    expect(tool('idp.enable_account')).to.include({ risk: 'critical', reversible: true });
    expect(tool('idp.revoke_sessions')).to.include({ risk: 'critical', reversible: false });
    expect(tool('idp.revoke_sessions').rollback).to.equal(undefined);
  });

  it('disables a user found by userName with a SCIM PatchOp, and proposes re-enabling it', async () => {
    const preview = await tool('idp.disable_account').dryRun!({ account: 'mallory' }, ctx());
    expect(preview.summary).to.equal('would disable mallory (u-100)');
    expect(scim.users.get('u-100')!.active).to.equal(true);

    const result = await tool('idp.disable_account').run({ account: 'mallory' }, ctx());
    expect(result.summary).to.equal('mallory (u-100) disabled');
    expect(scim.users.get('u-100')!.active).to.equal(false);
    const patch = scim.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).to.equal('/Users/u-100');
    expect(patch.headers['content-type']).to.equal('application/scim+json');
    expect(patch.body).to.deep.equal({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(tool('idp.disable_account').rollback!({ account: 'mallory' }, result)).to.deep.equal({
      tool: 'idp.enable_account',
      input: { account: 'mallory' },
    });

    const again = await tool('idp.disable_account').run({ account: 'mallory' }, ctx());
    expect(again.summary).to.match(/already disabled/);
    expect(tool('idp.disable_account').rollback!({ account: 'mallory' }, again)).to.equal(undefined);

    await tool('idp.enable_account').run({ account: 'u-100' }, ctx());
    expect(scim.users.get('u-100')!.active, 'a SCIM id works as well as a userName').to.equal(true);
  });

  it('revokes sessions through the configured endpoint', async () => {
    await tool('idp.revoke_sessions').run({ account: 'ana' }, ctx());
    expect(scim.users.get('u-200')!.sessions).to.equal(0);
    expect(scim.requests.at(-1)).to.include({ method: 'DELETE', path: '/Users/u-200/sessions' });
  });

  it('an unknown account is a permanent failure; a 503 is retried', async () => {
    const err = await rejection(tool('idp.disable_account').run({ account: 'nobody' }, ctx()));
    expect((err as ToolError).code).to.equal('TOOL_FAILED');
    scim.fail(503);
    await tool('idp.disable_account').run({ account: 'ana' }, ctx());
    expect(scim.users.get('u-200')!.active).to.equal(false);
  });

  it('refuses account names that would break out of the SCIM filter', () => {
    expect(tool('idp.disable_account').input.safeParse({ account: 'x" or userName pr "' }).success).to.equal(
      false,
    );
  });
});
