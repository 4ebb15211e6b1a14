import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A SCIM 2.0 (RFC 7644) identity provider on 127.0.0.1: `GET /Users?filter=userName eq "x"`,
 * `GET /Users/{id}`, `PATCH /Users/{id}` with a PatchOp on `active`, plus the session endpoint most
 * providers add (`DELETE /Users/{id}/sessions`). It checks the bearer token, the SCIM media type and
 * the PatchOp schema URN as a real server does, and can inject faults.
 */
export interface FakeScimUser {
  id: string;
  userName: string;
  active: boolean;
  sessions: number;
}

export interface FakeScim {
  readonly url: string;
  readonly users: Map<string, FakeScimUser>;
  readonly requests: { method: string; path: string; headers: IncomingMessage['headers']; body: unknown }[];
  fail(...statuses: number[]): void;
  close(): Promise<void>;
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

export async function startFakeScim(options: {
  token: string;
  users: readonly { id: string; userName: string }[];
}): Promise<FakeScim> {
  const users = new Map(options.users.map((u) => [u.id, { ...u, active: true, sessions: 2 }]));
  const requests: FakeScim['requests'] = [];
  const faults: number[] = [];
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/scim+json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, detail: string): void =>
    send(res, status, { schemas: [ERROR], status: String(status), detail });
  const resource = (u: FakeScimUser): unknown => ({
    schemas: [USER],
    id: u.id,
    userName: u.userName,
    active: u.active,
    meta: { resourceType: 'User' },
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        error(res, 400, 'invalid JSON');
        return;
      }
      requests.push({
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        headers: req.headers,
        body,
      });
      const fault = faults.shift();
      if (fault !== undefined) return error(res, fault, 'injected fault');
      if (req.headers.authorization !== `Bearer ${options.token}`) return error(res, 401, 'invalid token');
      if (url.pathname === '/Users' && req.method === 'GET') {
        const m = /^userName eq "([^"]*)"$/.exec(url.searchParams.get('filter') ?? '');
        if (m === null) return error(res, 400, 'invalidFilter');
        const found = [...users.values()].filter(
          (u) => u.userName.toLowerCase() === (m[1] ?? '').toLowerCase(),
        );
        return send(res, 200, {
          schemas: [LIST],
          totalResults: found.length,
          startIndex: 1,
          itemsPerPage: found.length,
          Resources: found.map(resource),
        });
      }
      const um = /^\/Users\/([^/]+)(\/sessions)?$/.exec(url.pathname);
      const user = um === null ? undefined : users.get(decodeURIComponent(um[1] ?? ''));
      if (um === null) return error(res, 404, 'no such endpoint');
      if (user === undefined) return error(res, 404, 'Resource not found');
      if (um[2] !== undefined) {
        if (req.method !== 'DELETE') return error(res, 405, 'method not allowed');
        user.sessions = 0;
        return send(res, 204, undefined);
      }
      if (req.method === 'GET') return send(res, 200, resource(user));
      if (req.method === 'PATCH') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/scim+json'))
          return error(res, 415, 'expected application/scim+json');
        const b = body as {
          schemas?: unknown;
          Operations?: { op?: string; path?: string; value?: unknown }[];
        };
        if (!Array.isArray(b?.schemas) || !b.schemas.includes(PATCH_OP))
          return error(res, 400, 'invalidSyntax');
        for (const op of b.Operations ?? []) {
          if (op.op?.toLowerCase() !== 'replace' || op.path !== 'active' || typeof op.value !== 'boolean')
            return error(res, 400, 'invalidValue');
          user.active = op.value;
        }
        return send(res, 200, resource(user));
      }
      return error(res, 405, 'method not allowed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    users,
    requests,
    fail: (...s) => faults.push(...s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
