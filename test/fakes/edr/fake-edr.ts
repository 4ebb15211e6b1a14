import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The generic EDR / firewall webhook API of adapters/tools/edr/README.md on 127.0.0.1: bearer auth,
 * hosts (isolate/release), IP and domain block lists, file quarantine/restore. It verifies what a real
 * server would (token, JSON bodies, known hosts), replays the first answer for a repeated
 * `Idempotency-Key`, and can inject faults (status codes with `Retry-After`, stalls, dropped sockets).
 */
export interface FakeEdrRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export type EdrFault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'drop' };

export interface FakeEdr {
  readonly url: string;
  readonly requests: FakeEdrRequest[];
  readonly hosts: Map<string, { isolated: boolean }>;
  readonly blocked: { ip: Map<string, string>; domain: Map<string, string> };
  readonly quarantined: Set<string>;
  /** Faults used in order, one per request, before normal handling. */
  fail(...faults: EdrFault[]): void;
  /** State-changing calls actually applied (replayed idempotent calls are not counted). */
  applied(): number;
  close(): Promise<void>;
}

export async function startFakeEdr(options: { token: string; hosts?: readonly string[] }): Promise<FakeEdr> {
  const requests: FakeEdrRequest[] = [];
  const faults: EdrFault[] = [];
  const hosts = new Map((options.hosts ?? ['web-1', 'db-1']).map((h) => [h, { isolated: false }]));
  const blocked = { ip: new Map<string, string>(), domain: new Map<string, string>() };
  const quarantined = new Set<string>();
  const replies = new Map<string, { status: number; body: unknown }>();
  let appliedCount = 0;
  const sockets = new Set<Socket>();

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const route = (method: string, path: string, body: unknown): { status: number; body: unknown } => {
    let m = /^\/v1\/hosts\/([^/]+)(?:\/(isolate|release))?$/.exec(path);
    if (m !== null) {
      const id = decodeURIComponent(m[1] ?? '');
      const host = hosts.get(id);
      if (host === undefined) return { status: 404, body: { error: `unknown host ${id}` } };
      if (m[2] === undefined && method === 'GET') return { status: 200, body: { id, ...host } };
      if (m[2] !== undefined && method === 'POST') {
        const want = m[2] === 'isolate';
        const changed = host.isolated !== want;
        host.isolated = want;
        if (changed) appliedCount += 1;
        return { status: 200, body: { id, isolated: want, changed } };
      }
      return { status: 405, body: { error: 'method not allowed' } };
    }
    m = /^\/v1\/blocklist\/(ip|domain)\/([^/]+)$/.exec(path);
    if (m !== null) {
      const list = blocked[m[1] as 'ip' | 'domain'];
      const value = decodeURIComponent(m[2] ?? '');
      if (method === 'GET') {
        return list.has(value)
          ? { status: 200, body: { value, blocked: true, reason: list.get(value) } }
          : { status: 404, body: { error: 'not blocked' } };
      }
      if (method === 'PUT') {
        const reason = (body as { reason?: unknown } | undefined)?.reason;
        const changed = !list.has(value);
        list.set(value, typeof reason === 'string' ? reason : '');
        if (changed) appliedCount += 1;
        return { status: 200, body: { value, blocked: true, changed } };
      }
      if (method === 'DELETE') {
        if (!list.has(value)) return { status: 404, body: { error: 'not blocked' } };
        list.delete(value);
        appliedCount += 1;
        return { status: 200, body: { value, blocked: false, changed: true } };
      }
      return { status: 405, body: { error: 'method not allowed' } };
    }
    m = /^\/v1\/hosts\/([^/]+)\/files\/([0-9a-f]{64})(?:\/(quarantine|restore))?$/.exec(path);
    if (m !== null) {
      const id = decodeURIComponent(m[1] ?? '');
      if (!hosts.has(id)) return { status: 404, body: { error: `unknown host ${id}` } };
      const key = `${id}:${m[2] ?? ''}`;
      if (m[3] === undefined && method === 'GET')
        return { status: 200, body: { quarantined: quarantined.has(key) } };
      if (m[3] !== undefined && method === 'POST') {
        const want = m[3] === 'quarantine';
        const changed = quarantined.has(key) !== want;
        if (want) quarantined.add(key);
        else quarantined.delete(key);
        if (changed) appliedCount += 1;
        return { status: 200, body: { quarantined: want, changed } };
      }
    }
    return { status: 404, body: { error: `no route ${method} ${path}` } };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        send(res, 400, { error: 'invalid JSON' });
        return;
      }
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const fault = faults.shift();
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'stall') {
        setTimeout(() => send(res, 504, { error: 'stalled' }), fault.ms);
        return;
      }
      if (fault?.kind === 'status') {
        send(
          res,
          fault.status,
          { error: 'injected fault' },
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
        );
        return;
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        send(res, 401, { error: 'invalid token' });
        return;
      }
      if (raw !== '' && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, { error: 'expected application/json' });
        return;
      }
      const key = req.headers['idempotency-key'];
      const replayKey = typeof key === 'string' ? `${req.method} ${path} ${key}` : undefined;
      const previous = replayKey === undefined ? undefined : replies.get(replayKey);
      if (previous !== undefined) {
        send(res, previous.status, previous.body, { 'idempotent-replayed': 'true' });
        return;
      }
      const out = route(req.method ?? 'GET', path, body);
      if (replayKey !== undefined && req.method !== 'GET') replies.set(replayKey, out);
      send(res, out.status, out.body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hosts,
    blocked,
    quarantined,
    fail: (...f) => faults.push(...f),
    applied: () => appliedCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
