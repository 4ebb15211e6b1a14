import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Prometheus HTTP API query endpoints on 127.0.0.1: `GET|POST /api/v1/query` and `/api/v1/query_range`
 * with the real envelope (`{status:"success",data:{resultType,result}}`), `bad_data` 400s for a missing or
 * unparsable query, and scripted faults. Series come from a table keyed by the exact PromQL text.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/
 */
export interface FakePrometheus {
  readonly url: string;
  readonly queries: string[];
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

export type FakeSeries = { metric: Record<string, string>; value: number };

export async function startFakePrometheus(
  table: Readonly<Record<string, readonly FakeSeries[]>>,
): Promise<FakePrometheus> {
  const queries: string[] = [];
  let faults: number[] = [];
  const send = (res: ServerResponse, code: number, body: unknown): void => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const params =
        req.method === 'POST'
          ? new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
          : url.searchParams;
      const fault = faults.shift();
      if (fault !== undefined)
        return send(res, fault, { status: 'error', errorType: 'unavailable', error: 'injected' });
      if (url.pathname !== '/api/v1/query' && url.pathname !== '/api/v1/query_range')
        return send(res, 404, { status: 'error', errorType: 'not_found', error: 'not found' });
      const query = params.get('query');
      if (query === null || query === '')
        return send(res, 400, {
          status: 'error',
          errorType: 'bad_data',
          error: 'invalid parameter "query": unknown position: parse error: no expression found in input',
        });
      queries.push(query);
      const series = table[query];
      if (series === undefined)
        return send(res, 400, {
          status: 'error',
          errorType: 'bad_data',
          error: `invalid parameter "query": 1:1: parse error: unexpected identifier "${query}"`,
        });
      const now = Number(params.get('time') ?? params.get('end') ?? 1_764_064_800);
      if (url.pathname === '/api/v1/query') {
        return send(res, 200, {
          status: 'success',
          data: {
            resultType: 'vector',
            result: series.map((s) => ({ metric: s.metric, value: [now, String(s.value)] })),
          },
        });
      }
      const start = Number(params.get('start'));
      const step = Number(params.get('step'));
      if (!Number.isFinite(start) || !Number.isFinite(step) || step <= 0)
        return send(res, 400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "step"' });
      const values = (v: number) => {
        const out: [number, string][] = [];
        for (let t = start; t <= now; t += step) out.push([t, String(v)]);
        return out;
      };
      return send(res, 200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: series.map((s) => ({ metric: s.metric, values: values(s.value) })),
        },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    failNext: (code, count = 1) => {
      faults = [...faults, ...Array<number>(count).fill(code)];
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
