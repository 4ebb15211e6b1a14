import { ToolError } from '../../../src/core/index.js';

export interface HttpJsonOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly fetch: typeof fetch;
  /** Names the system in errors: `GitHub`, `Jira`. */
  readonly system: string;
}

/**
 * One JSON call to a ticketing REST API. 429 and 5xx are transient (the orchestrator retries with
 * back-off); other non-2xx answers fail the step with the status, never with the response body,
 * which may echo credentials or customer text.
 */
export async function httpJson(o: HttpJsonOptions): Promise<unknown> {
  let res: Response;
  try {
    res = await o.fetch(o.url, {
      method: o.method,
      headers: {
        accept: 'application/json',
        ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...o.headers,
      },
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
    });
  } catch (err) {
    throw new ToolError(`${o.system} unreachable: ${err instanceof Error ? err.message : String(err)}`, true);
  }
  const text = await res.text();
  if (res.status === 429 || res.status >= 500)
    throw new ToolError(`${o.system} answered ${res.status} to ${o.method} ${new URL(o.url).pathname}`, true);
  if (!res.ok)
    throw new ToolError(
      `${o.system} refused ${o.method} ${new URL(o.url).pathname}: HTTP ${res.status}`,
      false,
      {
        status: res.status,
      },
    );
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
