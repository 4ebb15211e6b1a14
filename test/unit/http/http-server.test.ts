import { expect } from 'chai';
import { request } from 'node:http';
import type { HttpRoute } from '../../../src/core/index.js';
import { ValidationError, WatchkeeperError } from '../../../src/core/index.js';
import { createHttpServer } from '../../../src/http/index.js';
import type { HttpServer } from '../../../src/http/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';

describe('createHttpServer', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(routes: HttpRoute[], tokens: { consoleToken?: string; hookToken?: string } = {}) {
    server = createHttpServer({ host: '127.0.0.1', port: 0, routes, logger: silentLogger, ...tokens });
    return (await server.listen()).url;
  }

  const echo: HttpRoute = {
    method: 'POST',
    path: '/echo/:name',
    auth: 'none',
    handle: async (req) => ({ status: 200, body: { name: req.params['name'], size: req.rawBody.length } }),
  };

  it('listens on a random port and routes by exact segment and :param', async () => {
    const url = await start([
      echo,
      { method: 'GET', path: '/a/b', auth: 'none', handle: async () => ({ status: 200, body: 'b' }) },
    ]);
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.to.match(/:0$/);
    const res = await fetch(`${url}/echo/al%20ice`, { method: 'POST', body: 'xyz' });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ name: 'al ice', size: 3 });
    const b = await fetch(`${url}/a/b?x=1`);
    expect(await b.text()).to.equal('b');
    expect(b.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(b.headers.get('referrer-policy')).to.equal('no-referrer');
  });

  it('answers 404 JSON for unknown paths and 405 with Allow for the wrong method', async () => {
    const url = await start([echo]);
    const missing = await fetch(`${url}/nope`);
    expect(missing.status).to.equal(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
    const wrong = await fetch(`${url}/echo/x`);
    expect(wrong.status).to.equal(405);
    expect(wrong.headers.get('allow')).to.equal('POST');
    expect(wrong.headers.get('x-content-type-options')).to.equal('nosniff');
  });

  it('answers 413 for a 2 MiB body and never calls the handler', async () => {
    let called = 0;
    const url = await start([
      { method: 'POST', path: '/in', auth: 'none', handle: async () => ((called += 1), { status: 200 }) },
    ]);
    const res = await fetch(`${url}/in`, { method: 'POST', body: Buffer.alloc(2 * 1024 * 1024, 97) });
    expect(res.status).to.equal(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('PAYLOAD_TOO_LARGE');
    expect(called).to.equal(0);
  });

  it('answers 413 for a chunked body without Content-Length as soon as it passes the limit', async () => {
    let called = 0;
    const url = await start([
      {
        method: 'POST',
        path: '/in',
        auth: 'none',
        maxBodyBytes: 1000,
        handle: async () => ((called += 1), { status: 200 }),
      },
    ]);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${url}/in`,
        { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(600));
      req.write(Buffer.alloc(600));
      // never end: the server must answer without waiting for the rest
    });
    expect(status).to.equal(413);
    expect(called).to.equal(0);
  });

  it('maps coded errors to statuses with code, message and issues; hides internals on 500', async () => {
    const thrower = (err: unknown): HttpRoute => ({
      method: 'GET',
      path: `/t${Math.random().toString(36).slice(2)}`,
      auth: 'none',
      handle: async () => {
        throw err;
      },
    });
    const routes = [
      thrower(new ValidationError('bad input', [{ path: 'labels.service', message: 'Required' }])),
      thrower(new WatchkeeperError('APPROVAL_EXPIRED', 'too late')),
      thrower(new WatchkeeperError('POLICY_DENIED', 'no')),
      thrower(new Error('password=hunter2 leaked')),
    ];
    const url = await start(routes);
    const get = async (i: number) => {
      const res = await fetch(url + (routes[i] as HttpRoute).path);
      return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> } };
    };
    const v = await get(0);
    expect(v.status).to.equal(400);
    expect(v.body.error).to.deep.equal({
      code: 'VALIDATION_FAILED',
      message: 'bad input',
      issues: [{ path: 'labels.service', message: 'Required' }],
    });
    expect((await get(1)).status).to.equal(409);
    expect((await get(2)).status).to.equal(403);
    const internal = await get(3);
    expect(internal.status).to.equal(500);
    expect(JSON.stringify(internal.body)).not.to.contain('hunter2');
  });

  it('guards console routes with the console token (header or ?token=) and hook routes with the hook token', async () => {
    const ok = async () => ({ status: 200, body: { ok: true } });
    const url = await start(
      [
        { method: 'GET', path: '/c', auth: 'console', handle: ok },
        { method: 'POST', path: '/h', auth: 'hook', handle: ok },
        { method: 'GET', path: '/open', auth: 'none', handle: ok },
      ],
      { consoleToken: 'c-secret', hookToken: 'h-secret' },
    );
    expect((await fetch(`${url}/c`)).status).to.equal(401);
    const denied = await fetch(`${url}/c`, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).to.equal(401);
    expect(((await denied.json()) as { error: { code: string } }).error.code).to.equal('UNAUTHORIZED');
    expect((await fetch(`${url}/c`, { headers: { authorization: 'Bearer c-secret' } })).status).to.equal(200);
    expect((await fetch(`${url}/c?token=c-secret`)).status).to.equal(200);
    expect((await fetch(`${url}/c?token=h-secret`)).status).to.equal(401);
    expect((await fetch(`${url}/h`, { method: 'POST' })).status).to.equal(401);
    expect((await fetch(`${url}/h?token=h-secret`, { method: 'POST' })).status).to.equal(401);
    expect(
      (await fetch(`${url}/h`, { method: 'POST', headers: { authorization: 'Bearer c-secret' } })).status,
    ).to.equal(401);
    expect(
      (await fetch(`${url}/h`, { method: 'POST', headers: { authorization: 'Bearer h-secret' } })).status,
    ).to.equal(200);
    expect((await fetch(`${url}/open`)).status).to.equal(200);
  });

  it('leaves routes open when no token is configured', async () => {
    const url = await start([
      { method: 'GET', path: '/c', auth: 'console', handle: async () => ({ status: 204 }) },
    ]);
    expect((await fetch(`${url}/c`)).status).to.equal(204);
  });

  it('sets a strict Content-Security-Policy on HTML', async () => {
    const url = await start([
      {
        method: 'GET',
        path: '/',
        auth: 'none',
        handle: async () => ({
          status: 200,
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
          body: '<p>hi</p>',
        }),
      },
    ]);
    const res = await fetch(url + '/');
    expect(res.headers.get('content-security-policy')).to.contain("default-src 'self'");
  });

  it('close waits for an in-flight slow request to complete, then stops accepting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    const url = await start([
      {
        method: 'GET',
        path: '/slow',
        auth: 'none',
        handle: async () => {
          entered();
          await gate;
          return { status: 200, body: { done: true } };
        },
      },
    ]);
    const pending = fetch(`${url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await started;
    let closed = false;
    const closing = (server as HttpServer).close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).to.equal(false);
    release();
    expect(await pending).to.deep.equal({ status: 200, body: { done: true } });
    await closing;
    expect(closed).to.equal(true);
    server = undefined;
    let refused = false;
    await fetch(`${url}/slow`).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it('close ends open event streams', async () => {
    const url = await start([
      {
        method: 'GET',
        path: '/events',
        auth: 'none',
        stream: (_req, { res }) => {
          res.writeHead(200, { 'Content-Type': 'text/event-stream' });
          res.write(': hello\n\n');
        },
      },
    ]);
    const res = await fetch(`${url}/events`);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await (server as HttpServer).close();
    server = undefined;
    const next = await reader.read();
    expect(next.done).to.equal(true);
  });
});
