import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A protocol fake of the parts of the Vault / OpenBao HTTP API Watchkeeper uses, on 127.0.0.1:
 * `X-Vault-Token` auth (403 `{"errors":["permission denied"]}` otherwise), KV v2 reads
 * (`GET /v1/<mount>/data/<path>` → `{data:{data,metadata}}`), a dynamic engine
 * (`GET /v1/<path>` registered with {@link VaultFake.dynamic} → `{lease_id, lease_duration, renewable, data}`),
 * `PUT /v1/sys/leases/renew` and `PUT /v1/sys/leases/revoke` (`{lease_id}`; 400 for an unknown lease,
 * 204 on success), with leases that expire by themselves on the fake's clock.
 */
export interface VaultFake {
  readonly address: string;
  readonly token: string;
  /** Every request, in order (method, path, token). */
  readonly requests: { method: string; path: string; token: string | undefined; body: any }[];
  kv(mount: string, path: string, data: Record<string, string>): void;
  /** A dynamic engine path; each read mints `make()` under a new lease of `durationSeconds`. */
  dynamic(path: string, durationSeconds: number, make: () => Record<string, string>): void;
  /** Leases still alive now (not revoked, not expired). */
  liveLeases(): string[];
  readonly revoked: string[];
  /** Fails the next `n` requests with this status. */
  failNext(status: number, n?: number): void;
  close(): Promise<void>;
}

export async function startVaultFake(
  options: { token?: string; now?: () => number } = {},
): Promise<VaultFake> {
  const token = options.token ?? `hvs.${randomUUID().replace(/-/g, '')}`;
  const now = options.now ?? Date.now;
  const kv = new Map<string, Record<string, string>>();
  const engines = new Map<string, { duration: number; make: () => Record<string, string> }>();
  const leases = new Map<string, { expires: number; revoked: boolean }>();
  const requests: VaultFake['requests'] = [];
  const revoked: string[] = [];
  let failing = { status: 0, n: 0 };

  const send = (res: ServerResponse, status: number, body?: unknown): void => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage): Promise<any> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? undefined : JSON.parse(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname.replace(/^\/v1\//, ''));
      const body = await readBody(req).catch(() => undefined);
      const given = req.headers['x-vault-token'];
      requests.push({
        method: req.method ?? '',
        path,
        token: typeof given === 'string' ? given : undefined,
        body,
      });
      if (failing.n > 0) {
        failing = { ...failing, n: failing.n - 1 };
        return send(res, failing.status, { errors: ['injected failure'] });
      }
      if (given !== token) return send(res, 403, { errors: ['permission denied'] });
      if (req.method === 'PUT' && (path === 'sys/leases/revoke' || path === 'sys/leases/renew')) {
        const lease = leases.get(String(body?.lease_id));
        if (lease === undefined || lease.revoked || lease.expires <= now())
          return send(res, 400, { errors: ['lease not found or lease is not renewable'] });
        if (path === 'sys/leases/revoke') {
          lease.revoked = true;
          revoked.push(String(body.lease_id));
          return send(res, 204);
        }
        const increment = Number(body?.increment ?? 0);
        lease.expires = now() + increment * 1000;
        return send(res, 200, { lease_id: body.lease_id, renewable: true, lease_duration: increment });
      }
      if (req.method !== 'GET') return send(res, 405, { errors: ['unsupported operation'] });
      const engine = engines.get(path);
      if (engine !== undefined) {
        const leaseId = `${path}/${randomUUID()}`;
        leases.set(leaseId, { expires: now() + engine.duration * 1000, revoked: false });
        return send(res, 200, {
          request_id: randomUUID(),
          lease_id: leaseId,
          renewable: true,
          lease_duration: engine.duration,
          data: engine.make(),
        });
      }
      const secret = kv.get(path);
      if (secret === undefined) return send(res, 404, { errors: [] });
      return send(res, 200, {
        request_id: randomUUID(),
        lease_id: '',
        renewable: false,
        lease_duration: 0,
        data: { data: secret, metadata: { version: 1, destroyed: false } },
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    token,
    requests,
    revoked,
    kv: (mount, path, data) => kv.set(`${mount}/data/${path}`, data),
    dynamic: (path, durationSeconds, make) => engines.set(path, { duration: durationSeconds, make }),
    liveLeases: () => [...leases].filter(([, l]) => !l.revoked && l.expires > now()).map(([id]) => id),
    failNext(status, n = 1) {
      failing = { status, n };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
