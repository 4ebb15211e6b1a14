import { z } from 'zod';
import {
  WatchkeeperError,
  type Clock,
  type SecretLease,
  type SecretProvider,
} from '../../../src/core/index.js';

export interface VaultSecretProviderOptions {
  /** `https://vault.example:8200` (Vault or OpenBao; same HTTP API). */
  readonly address: string;
  readonly token: string;
  readonly namespace?: string;
  /** KV v2 mount for static secrets (default `secret`). */
  readonly kvMount?: string;
  /** Path prefix under the mount; scope `a:b` reads `<prefix>/a/b` (default `watchkeeper`). */
  readonly kvPrefix?: string;
  /** Scopes served by a dynamic secrets engine: scope → read path, e.g. `database/creds/readonly`. */
  readonly dynamic?: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly timeoutMs?: number;
  /** Told every value a lease returns, so redaction knows it before anything else sees it. */
  readonly onValues?: (values: readonly string[]) => void;
}

const kvResponse = z.object({ data: z.object({ data: z.record(z.string(), z.unknown()) }) });
const dynamicResponse = z.object({
  lease_id: z.string().min(1),
  lease_duration: z.number().int().min(0),
  renewable: z.boolean().optional(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * HashiCorp Vault / OpenBao over its HTTP API. Static scopes read KV v2 (`GET /v1/<mount>/data/<path>`);
 * dynamic scopes read a secrets engine and get a real lease, shortened to the step's TTL with
 * `PUT /v1/sys/leases/renew` and ended with `PUT /v1/sys/leases/revoke` when the step ends. Errors
 * carry the scope and HTTP status only; response bodies can hold secrets and are never quoted.
 */
export function createVaultSecretProvider(o: VaultSecretProviderOptions): SecretProvider {
  const base = o.address.replace(/\/+$/, '');
  const mount = o.kvMount ?? 'secret';
  const prefix = (o.kvPrefix ?? 'watchkeeper').replace(/^\/+|\/+$/g, '');

  const call = async (method: 'GET' | 'PUT', path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { 'x-vault-token': o.token };
    if (o.namespace !== undefined) headers['x-vault-namespace'] = o.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(`${base}/v1/${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new WatchkeeperError('CREDENTIAL_UNAVAILABLE', `vault is unreachable (${(err as Error).name})`);
    }
  };
  const unavailable = (scope: string, what: string): WatchkeeperError =>
    new WatchkeeperError('CREDENTIAL_UNAVAILABLE', `cannot lease credential scope ${scope}: ${what}`);
  const strings = (data: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );

  return {
    id: 'vault',
    async lease(scope, ttlSeconds): Promise<SecretLease> {
      const now = o.clock.now().getTime();
      const dynamicPath = o.dynamic?.[scope];
      if (dynamicPath !== undefined) {
        const res = await call('GET', dynamicPath.replace(/^\/+/, ''));
        if (!res.ok) throw unavailable(scope, `vault answered ${res.status}`);
        const parsed = dynamicResponse.safeParse(await res.json().catch(() => undefined));
        if (!parsed.success) throw unavailable(scope, 'vault returned no lease');
        const values = strings(parsed.data.data);
        o.onValues?.(Object.values(values));
        let duration = parsed.data.lease_duration;
        if (duration > ttlSeconds) {
          // Shorten the lease to the step: a leaked lease then dies with the step's budget.
          const renew = await call('PUT', 'sys/leases/renew', {
            lease_id: parsed.data.lease_id,
            increment: ttlSeconds,
          });
          if (renew.ok) duration = ttlSeconds;
        }
        return {
          scope,
          values,
          leaseId: parsed.data.lease_id,
          expiresAt: new Date(now + duration * 1000).toISOString(),
        };
      }
      const path = [mount, 'data', prefix, ...scope.split(':')].filter((p) => p !== '').join('/');
      const res = await call('GET', path.split('/').map(encodeURIComponent).join('/'));
      // No secret stored for this scope: the tool gets none (read-only tools need none); a tool that
      // needs one fails on its own, and the scope is still checked by the constitution.
      if (res.status === 404)
        return { scope, values: {}, expiresAt: new Date(now + ttlSeconds * 1000).toISOString() };
      if (!res.ok) throw unavailable(scope, `vault answered ${res.status}`);
      const parsed = kvResponse.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw unavailable(scope, 'unexpected KV v2 response');
      const values = strings(parsed.data.data.data);
      o.onValues?.(Object.values(values));
      return { scope, values, expiresAt: new Date(now + ttlSeconds * 1000).toISOString() };
    },
    async revoke(lease) {
      if (lease.leaseId === undefined) return; // KV v2 secrets are static: nothing to revoke
      const res = await call('PUT', 'sys/leases/revoke', { lease_id: lease.leaseId });
      // 400: unknown or already expired lease; it is gone either way.
      if (!res.ok && res.status !== 400 && res.status !== 404)
        throw new WatchkeeperError('CREDENTIAL_UNAVAILABLE', `vault revoke answered ${res.status}`);
    },
  };
}
