import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A generic HTTP feature-flag service on 127.0.0.1: `GET /flags/{key}` and `PUT /flags/{key}` with
 * `{"enabled": bool}` (400 for anything else), bearer auth, 404 for unknown keys, scripted faults.
 */
export interface FakeFlagService {
  readonly url: string;
  readonly flags: Map<string, boolean>;
  readonly writes: { key: string; enabled: boolean }[];
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

export async function startFakeFlagService(o: {
  token: string;
  flags: Record<string, boolean>;
}): Promise<FakeFlagService> {
  const flags = new Map(Object.entries(o.flags));
  const writes: FakeFlagService['writes'] = [];
  let faults: number[] = [];
  const send = (res: ServerResponse, code: number, body: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${o.token}`) return send(res, 401, { error: 'unauthorized' });
      const fault = faults.shift();
      if (fault !== undefined) return send(res, fault, { error: 'injected' });
      const m = /^\/flags\/([^/]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
      const key = m === null ? undefined : decodeURIComponent(m[1]!);
      if (key === undefined || !flags.has(key)) return send(res, 404, { error: 'no such flag' });
      if (req.method === 'GET') return send(res, 200, { key, enabled: flags.get(key) });
      if (req.method !== 'PUT') return send(res, 405, { error: 'method not allowed' });
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { error: 'invalid JSON' });
      }
      if (typeof body?.enabled !== 'boolean') return send(res, 400, { error: 'enabled must be a boolean' });
      flags.set(key, body.enabled);
      writes.push({ key, enabled: body.enabled });
      return send(res, 200, { key, enabled: body.enabled });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    flags,
    writes,
    failNext: (code, count = 1) => {
      faults = [...faults, ...Array<number>(count).fill(code)];
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
