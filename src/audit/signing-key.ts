import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WatchkeeperError } from '../core/index.js';

/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Where the generated ledger key lives under the data directory. */
export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'audit-ed25519.pem');
}

/**
 * The ledger's Ed25519 signing key. A configured key (`WATCHKEEPER_SIGNING_KEY`: PEM PKCS#8, or base64
 * of the 32-byte seed) wins; otherwise the key in `<dataDir>/keys/audit-ed25519.pem` is used, generated
 * on first start (directory 0700, file 0600) so the same key signs across restarts.
 * Throws CONFIG_INVALID for a key that is not Ed25519.
 */
export function loadOrCreateSigningKey(options: { dataDir: string; configuredKey?: string }): KeyObject {
  if (options.configuredKey !== undefined && options.configuredKey.trim() !== '') {
    return parseConfiguredKey(options.configuredKey.trim());
  }
  const path = signingKeyPath(options.dataDir);
  if (existsSync(path)) return ensureEd25519(parsePem(readFileSync(path, 'utf8'), path), path);
  const dir = join(options.dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs, so there is only ever one key.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(options);
    throw err;
  }
  return privateKey;
}

/** The public half, as SPKI PEM, for verifiers and exports. */
export function publicKeyPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

function parseConfiguredKey(text: string): KeyObject {
  if (text.includes('-----BEGIN'))
    return ensureEd25519(parsePem(text, 'WATCHKEEPER_SIGNING_KEY'), 'WATCHKEEPER_SIGNING_KEY');
  const seed = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || seed.length !== 32) {
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      'WATCHKEEPER_SIGNING_KEY must be a PEM PKCS#8 Ed25519 private key or base64 of a 32-byte seed',
    );
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function parsePem(pem: string, where: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new WatchkeeperError('CONFIG_INVALID', `${where}: not a readable private key`, undefined, {
      cause: err,
    });
  }
}

function ensureEd25519(key: KeyObject, where: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      `${where}: expected an Ed25519 key, got ${key.asymmetricKeyType}`,
    );
  }
  return key;
}
