import { ToolError } from '../../../src/core/index.js';

/**
 * How to reach an HTTP API a tool acts through (Prometheus, Alertmanager, Kubernetes, GitHub, a flag
 * service, an EDR, an identity provider). One helper for all tool adapters, so every external call has
 * the same timeout, retry and error rules.
 */
export interface HttpApiOptions {
  readonly baseUrl: string;
  /** Bearer token; absent for APIs that take none (Prometheus and Alertmanager usually). */
  readonly token?: string;
  /** Per attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Extra attempts on transient faults: network, timeout, 408/425/429/5xx (default 2). */
  readonly retries?: number;
  /** First back-off; doubles per attempt; `Retry-After` is honoured up to 30 s (default 250 ms). */
  readonly retryBaseMs?: number;
  /** Longest `Retry-After` honoured (default 30 s). */
  readonly maxRetryAfterMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

export interface HttpApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL; interpolated segments must already be encoded. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Sent as `Idempotency-Key`, so a retried write is applied once by APIs that honour it. */
  readonly idempotencyKey?: string;
  /** Statuses returned to the caller instead of thrown (e.g. 404 "already gone"). */
  readonly accept?: readonly number[];
}

export interface HttpApiResponse {
  readonly status: number;
  readonly body: unknown;
}

const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * One structured HTTP call (never a shell): JSON in and out, optional bearer auth, a timeout per attempt
 * and retries with back-off on transient faults. A non-transient refusal throws `ToolError(transient=false)`;
 * transient faults that outlast the retries throw `ToolError(transient=true)`, so the orchestrator's own
 * back-off and circuit breaker take over.
 */
export async function callHttpApi(o: HttpApiOptions, req: HttpApiRequest): Promise<HttpApiResponse> {
  const doFetch = o.fetch ?? fetch;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) qs.set(k, v);
  const url = `${o.baseUrl.replace(/\/+$/, '')}${req.path}${qs.size > 0 ? `?${qs.toString()}` : ''}`;
  const retries = o.retries ?? 2;
  const timeoutMs = o.timeoutMs ?? 10_000;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    let failure: { message: string; retryAfterMs?: number };
    try {
      const res = await doFetch(url, {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...o.headers,
          ...(o.token === undefined ? {} : { authorization: `Bearer ${o.token}` }),
          ...(req.body === undefined ? {} : { 'content-type': req.contentType ?? 'application/json' }),
          ...(req.idempotencyKey === undefined ? {} : { 'idempotency-key': req.idempotencyKey }),
        },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        signal:
          req.signal === undefined
            ? AbortSignal.timeout(timeoutMs)
            : AbortSignal.any([req.signal, AbortSignal.timeout(timeoutMs)]),
      });
      const body = parseBody(await res.text());
      if (res.ok || (req.accept ?? []).includes(res.status)) return { status: res.status, body };
      if (!TRANSIENT.has(res.status)) {
        throw new ToolError(`${req.method} ${req.path} refused: HTTP ${res.status}${detail(body)}`, false, {
          status: res.status,
        });
      }
      const after = retryAfterMs(res.headers.get('retry-after'));
      failure = {
        message: `${req.method} ${req.path}: HTTP ${res.status}`,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    } catch (err) {
      if (err instanceof ToolError) throw err;
      if (req.signal?.aborted === true) throw new ToolError(`${req.method} ${req.path}: aborted`, false);
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      failure = {
        message: `${req.method} ${req.path}: ${timedOut ? `no answer within ${timeoutMs} ms` : errorText(err)}`,
      };
    }
    if (attempt > retries) throw new ToolError(`${failure.message} (after ${attempt} attempts)`, true);
    const backoff = (o.retryBaseMs ?? 250) * 2 ** (attempt - 1);
    await sleep(Math.min(failure.retryAfterMs ?? backoff, o.maxRetryAfterMs ?? 30_000), req.signal);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
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

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

/** A back-off wait that ends early when the step is aborted (the next attempt then sees the abort). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
