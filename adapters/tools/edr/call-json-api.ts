import { ToolError } from '../../../src/core/index.js';

/** How to reach a containment API: base URL, bearer token, per-request timeout, in-call retries. */
export interface JsonApiOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  /** Extra attempts on transient faults (network, timeout, 408/425/429/5xx) before giving up. */
  readonly retries: number;
  /** First back-off; doubles per attempt; a `Retry-After` up to `maxRetryAfterMs` is honoured. */
  readonly retryBaseMs: number;
  readonly maxRetryAfterMs?: number;
  readonly fetch?: typeof fetch;
}

export interface JsonApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL; each segment the caller interpolates must already be encoded. */
  readonly path: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
  readonly contentType?: string;
}

export interface JsonApiResponse {
  readonly status: number;
  readonly body: unknown;
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * One JSON call to a containment API, never a shell: structured request, bearer auth, an
 * `Idempotency-Key` so a retried call is applied once, a timeout per attempt, and retries with back-off
 * on transient faults. 404 is returned to the caller (it means "no such host/user" or "already gone");
 * other 4xx throw a non-transient ToolError; transient faults that outlast the retries throw a
 * transient one, so the orchestrator's own back-off can try again later.
 */
export async function callJsonApi(o: JsonApiOptions, req: JsonApiRequest): Promise<JsonApiResponse> {
  const doFetch = o.fetch ?? fetch;
  const url = `${o.baseUrl.replace(/\/+$/, '')}${req.path}`;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    let failure: { message: string; retryAfterMs?: number };
    try {
      const res = await doFetch(url, {
        method: req.method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${o.token}`,
          ...(req.body === undefined ? {} : { 'content-type': req.contentType ?? 'application/json' }),
          ...(req.idempotencyKey === undefined ? {} : { 'idempotency-key': req.idempotencyKey }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal: anySignal(req.signal, o.timeoutMs),
      });
      const text = await res.text();
      const body = parseBody(text);
      if (res.ok || res.status === 404) return { status: res.status, body };
      if (!TRANSIENT_STATUS.has(res.status)) {
        throw new ToolError(`${req.method} ${req.path} refused: HTTP ${res.status}${detail(body)}`, false, {
          status: res.status,
        });
      }
      const retryAfterMs = retryAfter(res.headers.get('retry-after'));
      failure = {
        message: `${req.method} ${req.path}: HTTP ${res.status}`,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    } catch (err) {
      if (err instanceof ToolError) throw err;
      if (req.signal?.aborted === true) throw new ToolError(`${req.method} ${req.path}: aborted`, false);
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      failure = {
        message: `${req.method} ${req.path}: ${timedOut ? `no answer within ${o.timeoutMs} ms` : errorText(err)}`,
      };
    }
    if (attempt > o.retries) throw new ToolError(`${failure.message} (after ${attempt} attempts)`, true);
    const backoff = o.retryBaseMs * 2 ** (attempt - 1);
    const wait = Math.min(failure.retryAfterMs ?? backoff, o.maxRetryAfterMs ?? 30_000);
    await sleep(wait, req.signal);
  }
}

function anySignal(outer: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return outer === undefined ? timeout : AbortSignal.any([outer, timeout]);
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

function detail(body: unknown): string {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const msg = b['error'] ?? b['message'] ?? b['detail'];
    if (typeof msg === 'string') return `: ${msg.slice(0, 200)}`;
  }
  return typeof body === 'string' && body !== '' ? `: ${body.slice(0, 200)}` : '';
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
