import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeSocketMode } from './fake-socket-mode.js';

/** One recorded Web API call. */
export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, any>;
  readonly token: string | undefined;
  /** performance.now() when the call arrived. */
  readonly at: number;
  /** HTTP status the fake answered with. */
  readonly status: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: any[];
  thread_ts?: string;
  ephemeral?: { user: string };
  edits: number;
}

/** A fault answered instead of the method's normal result, once per matching call. */
export type SlackFault =
  | { readonly status: 429; readonly retryAfter: number }
  | { readonly status: 500 | 502 | 503 }
  | { readonly error: string };

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  readonly teamId?: string;
}

/**
 * A protocol-faithful Slack Web API on 127.0.0.1 (the parts Watchkeeper uses): form or JSON bodies
 * (`blocks` JSON-encoded inside forms), `Authorization: Bearer`, `ok:false` errors as HTTP 200, 429
 * with `Retry-After`, and `response_url` endpoints. Every call is recorded; faults are injected per
 * method. Socket Mode: `apps.connections.open` hands out a ws:// URL served by `FakeSocketMode`.
 * @see ../../../../shared/protocols.md §1.9–1.11
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly messages: FakeMessage[] = [];
  /** Bodies posted to `response_url`s, by the URL's id. */
  readonly responses = new Map<string, any[]>();
  readonly socket = new FakeSocketMode();
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  /** Channels that answer `channel_not_found`. */
  readonly missingChannels = new Set<string>();
  private readonly faults = new Map<string, SlackFault[]>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private tsCounter = 0;
  url = '';

  constructor(options: FakeSlackOptions = {}) {
    this.botToken = options.botToken ?? 'xoxb-test-token';
    this.appToken = options.appToken ?? 'xapp-test-token';
    this.teamId = options.teamId ?? 'T0001';
  }

  /** Base URL for WebClient's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh `response_url` served by this fake. */
  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket: Socket, head) => this.socket.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.socket.closeAll();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues faults for the next calls of `method` (in order). */
  inject(method: string, ...faults: SlackFault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /** Drops every queued fault. */
  clearFaults(): void {
    this.faults.clear();
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Messages a channel shows (not ephemeral), oldest first. */
  channelMessages(channel?: string): FakeMessage[] {
    return this.messages.filter(
      (m) => m.ephemeral === undefined && (channel === undefined || m.channel === channel),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      this.responses.set(id, [...(this.responses.get(id) ?? []), JSON.parse(raw)]);
      return send(res, 200, 'ok', 'text/plain');
    }
    if (!path.startsWith('/api/') || req.method !== 'POST')
      return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = path.slice('/api/'.length);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    let args: Record<string, any>;
    if (type === 'application/x-www-form-urlencoded') {
      args = Object.fromEntries(new URLSearchParams(raw));
      for (const key of ['blocks', 'attachments', 'metadata'])
        if (typeof args[key] === 'string') args[key] = JSON.parse(args[key]);
    } else if (type === 'application/json') args = raw === '' ? {} : JSON.parse(raw);
    else if (type === undefined || type === '')
      return this.answer(res, method, {}, undefined, 200, { ok: false, error: 'missing_post_type' });
    else return this.answer(res, method, {}, undefined, 200, { ok: false, error: 'invalid_post_type' });
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args['token'] as string | undefined);
    const fault = this.faults.get(method)?.shift();
    if (fault !== undefined) {
      if ('error' in fault)
        return this.answer(res, method, args, token, 200, { ok: false, error: fault.error });
      if (fault.status === 429)
        return this.answer(
          res,
          method,
          args,
          token,
          429,
          { ok: false, error: 'ratelimited' },
          { 'Retry-After': String(fault.retryAfter) },
        );
      return this.answer(res, method, args, token, fault.status, 'upstream unavailable');
    }
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token === undefined)
      return this.answer(res, method, args, token, 200, { ok: false, error: 'not_authed' });
    if (token !== expected)
      return this.answer(res, method, args, token, 200, { ok: false, error: 'invalid_auth' });
    return this.answer(res, method, args, token, 200, this.result(method, args));
  }

  private answer(
    res: ServerResponse,
    method: string,
    args: Record<string, any>,
    token: string | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    this.calls.push({ method, args, token, at: performance.now(), status });
    send(res, status, body, typeof body === 'string' ? 'text/plain' : 'application/json', headers);
  }

  private result(method: string, args: Record<string, any>): Record<string, unknown> {
    const channel = String(args['channel'] ?? '');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'watchkeeper',
          team_id: this.teamId,
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=${++this.tsCounter}` };
      case 'chat.postMessage': {
        if (this.missingChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        if (args['text'] === undefined && args['blocks'] === undefined)
          return { ok: false, error: 'no_text' };
        const ts = this.nextTs();
        this.messages.push({
          channel,
          ts,
          text: String(args['text'] ?? ''),
          ...(args['blocks'] ? { blocks: args['blocks'] } : {}),
          ...(args['thread_ts'] ? { thread_ts: String(args['thread_ts']) } : {}),
          edits: 0,
        });
        return {
          ok: true,
          channel,
          ts,
          message: { type: 'message', subtype: 'bot_message', text: args['text'], bot_id: 'BBOT', ts },
        };
      }
      case 'chat.update': {
        if (this.missingChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        const m = this.messages.find(
          (x) => x.channel === channel && x.ts === args['ts'] && x.ephemeral === undefined,
        );
        if (m === undefined) return { ok: false, error: 'message_not_found' };
        m.text = String(args['text'] ?? m.text);
        if (args['blocks'] !== undefined) m.blocks = args['blocks'];
        m.edits++;
        return { ok: true, channel, ts: m.ts, text: m.text, message: { text: m.text, user: 'UBOT' } };
      }
      case 'chat.postEphemeral': {
        if (this.missingChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        const ts = this.nextTs();
        this.messages.push({
          channel,
          ts,
          text: String(args['text'] ?? ''),
          ephemeral: { user: String(args['user']) },
          edits: 0,
        });
        return { ok: true, message_ts: ts };
      }
      case 'conversations.info':
        if (this.missingChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: { id: channel, name: `channel-${channel.toLowerCase()}`, is_member: true },
        };
      case 'users.info':
        return {
          ok: true,
          user: {
            id: args['user'],
            team_id: this.teamId,
            name: String(args['user']).toLowerCase(),
            profile: { email: `${String(args['user']).toLowerCase()}@example.com` },
          },
        };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private nextTs(): string {
    this.tsCounter++;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
