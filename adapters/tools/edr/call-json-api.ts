import { callHttpApi } from '../shared/call-http-api.js';

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

/**
 * One JSON call to a containment API, never a shell: structured request, bearer auth, an
 * `Idempotency-Key` so a retried call is applied once, a timeout per attempt, and retries with back-off
 * on transient faults (the shared tool HTTP helper). 404 is returned to the caller (it means "no such
 * host/user" or "already gone"); other 4xx throw a non-transient ToolError; transient faults that
 * outlast the retries throw a transient one, so the orchestrator's own back-off can try again later.
 */
export function callJsonApi(o: JsonApiOptions, req: JsonApiRequest): Promise<JsonApiResponse> {
  return callHttpApi(o, { ...req, accept: [404] });
}
