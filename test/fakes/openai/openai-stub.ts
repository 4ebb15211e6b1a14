import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A protocol-faithful OpenAI-compatible Chat Completions server on 127.0.0.1 (see
 * ../shared/protocols.md §5): `POST /v1/chat/completions` only, bearer auth, the request checks a real
 * server makes (model, messages, json_schema name and strict-mode schema rules), answers with `usage`,
 * JSON-schema content, tool calls, and scripted faults.
 */
export type StubReply =
  /** `content` is sent as the assistant message (objects JSON-encoded), `finish_reason: stop`. */
  | {
      readonly kind: 'json';
      readonly content: unknown;
      readonly usage?: { prompt: number; completion: number };
    }
  | { readonly kind: 'tool_calls'; readonly calls: readonly { name: string; arguments: unknown }[] }
  /** An error body `{error:{message,type,param,code}}` with this status. */
  | { readonly kind: 'error'; readonly status: number; readonly retryAfterSeconds?: number }
  | { readonly kind: 'slow'; readonly delayMs: number; readonly then: StubReply }
  /** Content that is not valid JSON, with `finish_reason: stop`. */
  | { readonly kind: 'malformed' }
  /** The content cut in the middle, `finish_reason: length`. */
  | { readonly kind: 'truncated'; readonly content: unknown };

export interface ReceivedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly raw: string;
  readonly body: any;
}

export type Responder = (request: ReceivedRequest) => StubReply;

export interface OpenAiStub {
  /** `http://127.0.0.1:PORT/v1`, for `configuration.baseURL` / OPENAI_BASE_URL. */
  readonly baseURL: string;
  readonly requests: ReceivedRequest[];
  /** Replies used in order, before the responder. */
  queue(...replies: StubReply[]): void;
  respond(responder: Responder): void;
  close(): Promise<void>;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export async function startOpenAiStub(options: { apiKey?: string } = {}): Promise<OpenAiStub> {
  const requests: ReceivedRequest[] = [];
  const queued: StubReply[] = [];
  let responder: Responder = () => ({ kind: 'json', content: { summary: 'nothing to do', steps: [] } });
  let sequence = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, Buffer.concat(chunks).toString('utf8'), res).catch(() => res.destroy());
    });
  });

  async function handle(req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions') {
      return error(res, 404, `Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', null);
    }
    const auth = req.headers['authorization'] ?? '';
    if (
      !auth.startsWith('Bearer ') ||
      (options.apiKey !== undefined && auth !== `Bearer ${options.apiKey}`)
    ) {
      return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return error(
        res,
        400,
        'We could not parse the JSON body of your request.',
        'invalid_request_error',
        null,
      );
    }
    const request: ReceivedRequest = { headers: req.headers, raw, body };
    requests.push(request);
    const problem = checkRequest(body);
    if (problem !== undefined) return error(res, 400, problem, 'invalid_request_error', null);
    await reply(res, body, queued.shift() ?? responder(request));
  }

  async function reply(res: ServerResponse, body: any, r: StubReply): Promise<void> {
    const id = `chatcmpl-stub${++sequence}`;
    const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
    switch (r.kind) {
      case 'slow':
        await new Promise((resolve) => setTimeout(resolve, r.delayMs));
        if (res.destroyed || res.socket?.destroyed) return;
        return reply(res, body, r.then);
      case 'error': {
        const headers =
          r.retryAfterSeconds === undefined ? {} : { 'retry-after': String(r.retryAfterSeconds) };
        const type =
          r.status === 429 ? 'rate_limit_error' : r.status >= 500 ? 'server_error' : 'invalid_request_error';
        const code = r.status === 429 ? 'rate_limit_exceeded' : null;
        return error(res, r.status, `scripted ${r.status}`, type, code, headers);
      }
      case 'tool_calls': {
        const calls = r.calls.map((c, i) => ({
          id: `call_${sequence}_${i}`,
          type: 'function',
          function: {
            name: c.name,
            arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
          },
        }));
        const completion = Math.ceil(JSON.stringify(calls).length / 4);
        return send(
          res,
          completionBody(
            id,
            body.model,
            { role: 'assistant', content: null, tool_calls: calls },
            'tool_calls',
            promptTokens,
            completion,
          ),
        );
      }
      case 'malformed':
        return send(
          res,
          completionBody(
            id,
            body.model,
            message('{"summary": "half a plan", "steps": [{"tool": '),
            'stop',
            promptTokens,
            12,
          ),
        );
      case 'truncated': {
        const full = typeof r.content === 'string' ? r.content : JSON.stringify(r.content);
        const cut = full.slice(0, Math.floor(full.length / 2));
        return send(
          res,
          completionBody(id, body.model, message(cut), 'length', promptTokens, Math.ceil(cut.length / 4)),
        );
      }
      case 'json': {
        const content = typeof r.content === 'string' ? r.content : JSON.stringify(r.content);
        const prompt = r.usage?.prompt ?? promptTokens;
        const completion = r.usage?.completion ?? Math.ceil(content.length / 4);
        return send(res, completionBody(id, body.model, message(content), 'stop', prompt, completion));
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    queue: (...replies) => void queued.push(...replies),
    respond: (r) => {
      responder = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function message(content: string): Record<string, unknown> {
  return { role: 'assistant', content, refusal: null, annotations: [] };
}

function completionBody(
  id: string,
  model: string,
  msg: Record<string, unknown>,
  finish: string,
  prompt: number,
  completion: number,
): unknown {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: msg, logprobs: null, finish_reason: finish }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      completion_tokens_details: {
        reasoning_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
  };
}

function send(res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_stub_${Date.now()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function error(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): void {
  send(res, { error: { message, type, param: null, code } }, status, headers);
}

/** What a real server refuses with a 400. */
function checkRequest(body: any): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body must be an object';
  if (typeof body.model !== 'string' || body.model === '') return 'you must provide a model parameter';
  if (!Array.isArray(body.messages) || body.messages.length === 0)
    return "'messages' must be a non-empty array";
  for (const m of body.messages) {
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m?.role))
      return `invalid role ${m?.role}`;
  }
  const rf = body.response_format;
  if (rf !== undefined) {
    if (!['text', 'json_object', 'json_schema'].includes(rf.type))
      return `invalid response_format.type ${rf.type}`;
    if (rf.type === 'json_schema') {
      if (!NAME.test(rf.json_schema?.name ?? ''))
        return 'response_format.json_schema.name must match ^[a-zA-Z0-9_-]{1,64}$';
      if (rf.json_schema.strict === true) {
        const bad = strictProblem(rf.json_schema.schema, '$');
        if (bad !== undefined) return `Invalid schema for response_format '${rf.json_schema.name}': ${bad}`;
      }
    }
  }
  return undefined;
}

/** Strict structured outputs: every object lists all its properties as required and forbids extras. */
function strictProblem(schema: any, path: string): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  if (schema.type === 'object' || schema.properties !== undefined) {
    if (schema.additionalProperties !== false) return `${path}: 'additionalProperties' must be false`;
    const props = Object.keys(schema.properties ?? {});
    const required: string[] = schema.required ?? [];
    const missing = props.filter((p) => !required.includes(p));
    if (missing.length > 0)
      return `${path}: 'required' must list every property (missing ${missing.join(', ')})`;
    for (const p of props) {
      const bad = strictProblem(schema.properties[p], `${path}.${p}`);
      if (bad !== undefined) return bad;
    }
  }
  for (const key of ['items', 'anyOf']) {
    const sub = schema[key];
    for (const s of Array.isArray(sub) ? sub : sub === undefined ? [] : [sub]) {
      const bad = strictProblem(s, `${path}.${key}`);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
