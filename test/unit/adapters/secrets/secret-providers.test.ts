import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvSecretProvider } from '../../../../adapters/secrets/env/index.js';
import { createVaultSecretProvider } from '../../../../adapters/secrets/vault/index.js';
import { startVaultFake, type VaultFake } from '../../../fakes/vault/index.js';

const clock = { now: () => new Date('2026-11-26T02:00:00.000Z') };

describe('env/file secret provider', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wk-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leases exactly one scope, merging the file with the environment JSON', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(
      file,
      JSON.stringify({
        'sandbox:deploy': { token: 'deploy-secret-1' },
        'idp:admin': { key: 'idp-secret-2' },
      }),
    );
    const p = createEnvSecretProvider({ clock, file, json: '{"sandbox:deploy":{"extra":"deploy-extra-3"}}' });
    const lease = await p.lease('sandbox:deploy', 60);
    expect(lease.values).to.deep.equal({ token: 'deploy-secret-1', extra: 'deploy-extra-3' });
    expect(lease.expiresAt).to.equal('2026-11-26T02:01:00.000Z');
    expect((await p.lease('sandbox:read', 60)).values).to.deep.equal({});
    expect(p.knownValues).to.have.members(['deploy-secret-1', 'idp-secret-2', 'deploy-extra-3']);
  });

  it('refuses a bad file without quoting its contents', () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"sandbox:deploy": "not-an-object-secret"}');
    expect(() => createEnvSecretProvider({ clock, file }))
      .to.throw()
      .with.property('message')
      .that.does.not.include('not-an-object-secret');
    expect(() => createEnvSecretProvider({ clock, json: 'nope{' })).to.throw(/not valid JSON/);
  });
});

describe('Vault/OpenBao secret provider (against the protocol fake)', () => {
  let vault: VaultFake;
  let t = Date.parse('2026-11-26T02:00:00.000Z');
  beforeEach(async () => {
    t = Date.parse('2026-11-26T02:00:00.000Z');
    vault = await startVaultFake({ now: () => t });
  });
  afterEach(() => vault.close());

  const provider = (over: Partial<Parameters<typeof createVaultSecretProvider>[0]> = {}) =>
    createVaultSecretProvider({
      address: vault.address,
      token: vault.token,
      clock: { now: () => new Date(t) },
      dynamic: { 'db:payments': 'database/creds/payments' },
      ...over,
    });

  it('reads a static scope from KV v2 under the prefix, with the token header', async () => {
    vault.kv('secret', 'watchkeeper/sandbox/deploy', { token: 's3cr3t-deploy-value' });
    const seen: string[] = [];
    const lease = await provider({ onValues: (v) => seen.push(...v) }).lease('sandbox:deploy', 30);
    expect(lease.values).to.deep.equal({ token: 's3cr3t-deploy-value' });
    expect(lease.leaseId).to.equal(undefined);
    expect(seen).to.deep.equal(['s3cr3t-deploy-value']);
    expect(vault.requests[0]).to.include({
      method: 'GET',
      path: 'secret/data/watchkeeper/sandbox/deploy',
      token: vault.token,
    });
  });

  it('leases a dynamic secret, shortens it to the step TTL, and revokes it', async () => {
    let n = 0;
    vault.dynamic('database/creds/payments', 3600, () => ({
      username: `v-user-${++n}`,
      password: `pw-${n}-xyz`,
    }));
    const p = provider();
    const lease = await p.lease('db:payments', 45);
    expect(lease.values).to.deep.equal({ username: 'v-user-1', password: 'pw-1-xyz' });
    expect(lease.expiresAt).to.equal(new Date(t + 45_000).toISOString());
    expect(vault.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET database/creds/payments',
      'PUT sys/leases/renew',
    ]);
    expect(vault.liveLeases()).to.deep.equal([lease.leaseId]);
    await p.revoke(lease);
    expect(vault.revoked).to.deep.equal([lease.leaseId]);
    expect(vault.liveLeases()).to.deep.equal([]);
    // Revoking again (or after expiry) is not an error: the lease is gone either way.
    await p.revoke(lease);
  });

  it('a lease nobody revoked expires by itself at the step TTL', async () => {
    vault.dynamic('database/creds/payments', 3600, () => ({ password: 'pw-leaked' }));
    await provider().lease('db:payments', 30);
    expect(vault.liveLeases()).to.have.length(1);
    t += 31_000;
    expect(vault.liveLeases()).to.have.length(0);
  });

  it('fails with CREDENTIAL_UNAVAILABLE naming the scope and status, never the body', async () => {
    const wrong = provider({ token: 'hvs.wrong' });
    try {
      await wrong.lease('sandbox:deploy', 30);
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.have.property('code', 'CREDENTIAL_UNAVAILABLE');
      expect((err as Error).message).to.equal(
        'cannot lease credential scope sandbox:deploy: vault answered 403',
      );
    }
    vault.failNext(503);
    await provider()
      .lease('db:payments', 30)
      .then(
        () => expect.fail('should throw'),
        (err: unknown) => expect(err).to.have.property('code', 'CREDENTIAL_UNAVAILABLE'),
      );
    // A scope with nothing stored leases no values (404 from KV), rather than failing read-only tools.
    expect((await provider().lease('sandbox:missing', 30)).values).to.deep.equal({});
  });
});
