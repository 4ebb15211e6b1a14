import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpRoute, Logger } from '../core/index.js';
import { WatchkeeperError, toWatchkeeperError } from '../core/index.js';
import { isAuthorized } from './auth.js';
import { errorReply } from './error-status.js';
import { DEFAULT_MAX_BODY_BYTES, readBody } from './read-body.js';
import { Router } from './router.js';
import { applySecurityHeaders, sendReply } from './send-reply.js';

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly HttpRoute[];
  /** When set, `auth: 'console'` routes need `Bearer <token>` (or `?token=`). */
  readonly consoleToken?: string;
  /** When set, `auth: 'hook'` routes need `Bearer <token>`. */
  readonly hookToken?: string;
  readonly logger: Logger;
  /** Longest wait for in-flight requests on close, ms (default 5000). */
  readonly closeTimeoutMs?: number;
}

export interface HttpServer {
  /** Starts listening; port 0 picks a free port, and the real one is returned. */
  listen(): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting, ends event streams, lets in-flight requests finish (bounded), then resolves. */
  close(): Promise<void>;
}

/**
 * The one HTTP server of the process (design.md §6): plain node:http, a small router, streamed bodies
 * with a size cap, token auth per route and coded errors mapped to statuses in one place.
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const logger = options.logger.child('http');
  const router = new Router(options.routes);
  const tokens = {
    ...(options.consoleToken !== undefined ? { consoleToken: options.consoleToken } : {}),
    ...(options.hookToken !== undefined ? { hookToken: options.hookToken } : {}),
  };
  const streams = new Set<ServerResponse>();
  const streamed = new WeakSet<ServerResponse>();
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  const server = createServer({ keepAlive: true }, (req, res) => {
    inFlight++;
    res.once('close', () => {
      if (streamed.has(res)) return;
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    handle(req, res).catch((err: unknown) => {
      logger.error('request failed', { error: String(err) });
      if (!res.headersSent) sendError(res, new WatchkeeperError('INTERNAL', 'internal error'));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applySecurityHeaders(res);
    if (closing) res.setHeader('Connection', 'close');
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';
    const match = router.match(method, path);
    if (match.kind === 'not_found') {
      req.resume();
      return sendError(res, new WatchkeeperError('NOT_FOUND', `no route for ${path}`));
    }
    if (match.kind === 'method_not_allowed') {
      req.resume();
      const allow = match.allow.join(', ');
      return sendReply(
        res,
        {
          status: 405,
          body: { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} not allowed; use ${allow}` } },
        },
        { Allow: allow },
      );
    }
    const { route, params } = match;
    if (!isAuthorized(route.auth, req, query, tokens)) {
      req.resume();
      return sendReply(
        res,
        errorReply(new WatchkeeperError('UNAUTHORIZED', 'missing or wrong bearer token')),
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const body =
      method === 'GET' && req.headers['content-length'] === undefined
        ? emptyBody
        : await readBody(req, limit);
    if (body.kind === 'too_large') return rejectTooLarge(req, res, limit);
    const request: HttpRequest = {
      method,
      path,
      params,
      query,
      headers: flatHeaders(req),
      rawBody: body.body,
    };
    if (route.stream) {
      streams.add(res);
      streamed.add(res);
      inFlight--;
      if (inFlight === 0) drained?.();
      res.once('close', () => streams.delete(res));
      route.stream(request, { req, res });
      return;
    }
    try {
      const reply = await (route.handle as NonNullable<HttpRoute['handle']>)(request);
      sendReply(res, reply);
    } catch (err) {
      sendError(res, toWatchkeeperError(err));
    }
  }

  function sendError(res: ServerResponse, err: WatchkeeperError): void {
    const reply = errorReply(err);
    if (reply.status >= 500)
      logger.error('route failed', { code: err.code, error: err.message, stack: err.stack });
    sendReply(res, reply);
  }

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          logger.info('listening', { host: address.address, port: address.port });
          resolve({ host: address.address, port: address.port, url: `http://${host}:${address.port}` });
        });
      }),
    close: async () => {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of streams) res.end();
      streams.clear();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.closeTimeoutMs ?? 5000);
          timer.unref();
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await stopped;
    },
  };
}

const emptyBody = { kind: 'ok', body: Buffer.alloc(0) } as const;

/**
 * Answers 413 right away. The connection is closed after the answer; the rest of the upload is
 * discarded (bounded) so the client can still read the status instead of seeing a reset.
 */
function rejectTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader('Connection', 'close');
  sendReply(
    res,
    errorReply(new WatchkeeperError('PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`)),
  );
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > 16 * limit) req.socket.destroy();
  });
  req.resume();
}

function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
