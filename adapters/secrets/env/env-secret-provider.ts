import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { WatchkeeperError, type Clock, type SecretProvider } from '../../../src/core/index.js';

/** `{ "<scope>": { "<name>": "<value>" } }`, from a file or one environment variable. */
const secretsSchema = z.record(z.string().min(1), z.record(z.string().min(1), z.string()));
export type StaticSecrets = z.output<typeof secretsSchema>;

export interface EnvSecretProviderOptions {
  /** JSON text of {@link StaticSecrets} (e.g. `WATCHKEEPER_SECRETS_JSON`). */
  readonly json?: string;
  /** Path of a JSON file of {@link StaticSecrets} (e.g. `WATCHKEEPER_SECRETS_FILE`, mode 0600). */
  readonly file?: string;
  readonly clock: Clock;
}

/** Parses the static secrets; errors name the source, never a value. */
export function readStaticSecrets(o: Pick<EnvSecretProviderOptions, 'json' | 'file'>): StaticSecrets {
  const merged: Record<string, Record<string, string>> = {};
  const add = (text: string, source: string): void => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new WatchkeeperError('CONFIG_INVALID', `${source} is not valid JSON`);
    }
    const parsed = secretsSchema.safeParse(data);
    if (!parsed.success)
      throw new WatchkeeperError('CONFIG_INVALID', `${source} must map scope → { name: value } strings`);
    for (const [scope, values] of Object.entries(parsed.data))
      merged[scope] = { ...merged[scope], ...values };
  };
  if (o.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(o.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new WatchkeeperError('CONFIG_INVALID', `cannot read secrets file ${o.file} (${code})`);
    }
    add(text, `secrets file ${o.file}`);
  }
  if (o.json !== undefined) add(o.json, 'WATCHKEEPER_SECRETS_JSON');
  return merged;
}

/**
 * The default provider: static secrets per scope from the environment or a file. A lease is a copy of
 * exactly one scope's values with an expiry; revoking is a no-op (static secrets cannot be revoked, which
 * is why Vault dynamic secrets are preferred for anything that can be).
 */
export function createEnvSecretProvider(o: EnvSecretProviderOptions): SecretProvider & {
  /** Every configured value, for the redactor. */
  readonly knownValues: readonly string[];
} {
  const secrets = readStaticSecrets(o);
  return {
    id: 'env',
    knownValues: Object.values(secrets).flatMap((v) => Object.values(v)),
    async lease(scope, ttlSeconds) {
      const values = secrets[scope] ?? {};
      return {
        scope,
        values: { ...values },
        expiresAt: new Date(o.clock.now().getTime() + ttlSeconds * 1000).toISOString(),
      };
    },
    async revoke() {},
  };
}
