import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadOrCreateSigningKey, publicKeyPemOf, signingKeyPath } from '../../../src/audit/index.js';

describe('loadOrCreateSigningKey', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a private Ed25519 key on first start and reuses it after', () => {
    const first = loadOrCreateSigningKey({ dataDir: dir });
    expect(first.asymmetricKeyType).to.equal('ed25519');
    const again = loadOrCreateSigningKey({ dataDir: dir });
    expect(publicKeyPemOf(again)).to.equal(publicKeyPemOf(first));
    if (process.platform !== 'win32') {
      expect(statSync(signingKeyPath(dir)).mode & 0o777).to.equal(0o600);
      expect(statSync(join(dir, 'keys')).mode & 0o777).to.equal(0o700);
    }
  });

  it('prefers a configured PEM key and writes nothing', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const key = loadOrCreateSigningKey({ dataDir: dir, configuredKey: pem });
    expect(publicKeyPemOf(key)).to.equal(publicKeyPemOf(privateKey));
    expect(() => statSync(signingKeyPath(dir))).to.throw();
  });

  it('accepts base64 of the 32-byte seed and signs like the same PEM key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    const seed = der.subarray(der.length - 32).toString('base64');
    const key = loadOrCreateSigningKey({ dataDir: dir, configuredKey: seed });
    const sig = sign(null, Buffer.from('hello'), key);
    expect(verify(null, Buffer.from('hello'), publicKeyPemOf(privateKey), sig)).to.equal(true);
  });

  it('refuses a key that is not Ed25519 with CONFIG_INVALID', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadOrCreateSigningKey({ dataDir: dir, configuredKey: pem }))
      .to.throw()
      .with.property('code', 'CONFIG_INVALID');
    expect(() => loadOrCreateSigningKey({ dataDir: dir, configuredKey: 'c2hvcnQ=' }))
      .to.throw()
      .with.property('code', 'CONFIG_INVALID');
  });
});
