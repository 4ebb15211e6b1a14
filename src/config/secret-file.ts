import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A random secret kept in a file (0600) under data/keys, created on first start, so a fresh install
 * needs no configuration and a restart keeps outstanding approval buttons valid.
 */
export function loadOrCreateSecretFile(path: string, bytes = 32): Buffer {
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes);
  writeFileSync(path, `${secret.toString('base64')}\n`, { mode: 0o600 });
  return secret;
}
