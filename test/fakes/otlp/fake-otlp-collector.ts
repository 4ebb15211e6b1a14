import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as decoded from an OTLP/HTTP JSON export (the fields the tests check). */
export interface CollectedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** 0 unset, 1 ok, 2 error (OTLP StatusCode). */
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly links: readonly { traceId: string; spanId: string }[];
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly resource: Readonly<Record<string, string | number | boolean>>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}

/**
 * An OpenTelemetry collector's OTLP/HTTP receiver on 127.0.0.1: `POST /v1/traces` with
 * `application/json` (ExportTraceServiceRequest in the protobuf JSON mapping); protobuf bodies are
 * answered 415 so a misconfigured exporter shows. Keeps every raw body, to search for leaked secrets.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 */
export class FakeOtlpCollector {
  readonly bodies: Buffer[] = [];
  readonly spans: CollectedSpan[] = [];
  readonly requests: { path: string; contentType: string; headers: Record<string, string> }[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        this.requests.push({ path: req.url ?? '', contentType, headers });
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        if (!contentType.startsWith('application/json')) {
          res.writeHead(415).end();
          return;
        }
        this.bodies.push(body);
        this.spans.push(...decode(JSON.parse(body.toString('utf8'))));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  named(name: string): CollectedSpan[] {
    return this.spans.filter((s) => s.name === name);
  }
}

function decode(request: any): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        out.push({
          name: s.name,
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          attributes: attributes(s.attributes),
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message ?? '',
          links: (s.links ?? []).map((l: any) => ({ traceId: l.traceId, spanId: l.spanId })),
          startNanos: BigInt(s.startTimeUnixNano),
          endNanos: BigInt(s.endTimeUnixNano),
          resource,
        });
  }
  return out;
}

function attributes(
  list: { key: string; value: AnyValue }[] | undefined,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) out[key] = value.doubleValue;
    else if (value.boolValue !== undefined) out[key] = value.boolValue;
  }
  return out;
}
