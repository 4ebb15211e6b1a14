import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A message as the fake stores it (the subset of Discord's Message object we check). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: any[];
  flags: number;
  edits: number;
}

export interface FakeCallback {
  interactionId: string;
  token: string;
  type: number;
  data?: any;
  at: number;
}

interface RestCall {
  method: string;
  path: string;
  auth: string | undefined;
  body: any;
}

const GUILD = '290926798626357999';

/**
 * A protocol-faithful fake Discord on 127.0.0.1: REST (`/api/v10/...`) and the gateway (WebSocket,
 * JSON encoding, no compression) on one port. discord.js logs in to it for real: HELLO → IDENTIFY →
 * READY (+ GUILD_CREATE) → heartbeats; RESUME replays missed dispatches. Faults: 429 with
 * `Retry-After` and JSON `retry_after`, 5xx, dropped gateway connections.
 * @see https://discord.com/developers/docs/events/gateway
 */
export class FakeDiscord {
  readonly token = 'fake-bot-token.discord';
  readonly applicationId = '2222222222222222222';
  readonly botUserId = '4444444444444444444';
  readonly guildId = GUILD;
  readonly calls: RestCall[] = [];
  readonly commands = new Map<string, any[]>();
  readonly messages = new Map<string, FakeMessage[]>();
  /** thread id → parent channel id (a thread started from a message has that message's id). */
  readonly threads = new Map<string, string>();
  readonly callbacks: FakeCallback[] = [];
  /** interaction token → original response and follow-ups. */
  readonly responses = new Map<string, { original?: FakeMessage; followups: FakeMessage[] }>();
  readonly identifies: number[] = [];
  readonly resumes: number[] = [];
  /** Faults for the next REST calls matching a path pattern. */
  readonly faults: { pattern: RegExp; status: number; retryAfter?: number; times: number }[] = [];
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private seq = 0;
  private readonly history: { s: number; t: string; d: unknown }[] = [];
  private readonly sessionId = 'fake-session-1';
  private nextId = 1_000_000_000_000_000_000n;
  private waiters: (() => void)[] = [];
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer(
      (req, res) =>
        void this.rest(req, res).catch((err: unknown) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `Invalid Form Body: ${String(err)}`, code: 50035 }));
        }),
    );
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/gateway')) {
        socket.destroy();
        return;
      }
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  newId(): string {
    return String(this.nextId++);
  }

  /** Messages of a channel and of its threads, oldest first. */
  channelMessages(channel: string): FakeMessage[] {
    const threads = [...this.threads].filter(([, parent]) => parent === channel).map(([id]) => id);
    return [channel, ...threads].flatMap((c) => this.messages.get(c) ?? []);
  }

  findMessage(id: string): FakeMessage | undefined {
    for (const list of this.messages.values()) for (const m of list) if (m.id === id) return m;
    return undefined;
  }

  /** Whether a gateway connection is open and identified or resumed. */
  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Drops the gateway connection (close code 4000: resumable), as Discord does at times. */
  drop(): void {
    const s = this.socket;
    this.socket = undefined;
    s?.close(4000, 'fake: dropped');
  }

  /** Sends (or, while disconnected, queues for RESUME) a dispatch. */
  dispatch(t: string, d: unknown): void {
    const s = ++this.seq;
    this.history.push({ s, t, d });
    this.socket?.send(JSON.stringify({ op: 0, t, s, d }));
  }

  /** Resolves when `check` returns a truthy value; re-checked after every REST call and gateway frame. */
  async until<T>(what: string, check: () => T | undefined, ms = 5000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`fake Discord: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 20);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private onSocket(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: any };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11 }));
      else if (frame.op === 2) {
        if (frame.d?.token !== this.token) return ws.close(4004, 'Authentication failed');
        this.identifies.push(Date.now());
        this.socket = ws;
        this.dispatch('READY', {
          v: 10,
          user: this.botUser(),
          guilds: [{ id: GUILD, unavailable: true }],
          session_id: this.sessionId,
          resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
        });
        this.dispatch('GUILD_CREATE', this.guild());
      } else if (frame.op === 6) {
        if (frame.d?.session_id !== this.sessionId || frame.d?.token !== this.token)
          return ws.send(JSON.stringify({ op: 9, d: false }));
        this.resumes.push(Date.now());
        this.socket = ws;
        for (const e of this.history.filter((h) => h.s > Number(frame.d.seq ?? 0)))
          ws.send(JSON.stringify({ op: 0, t: e.t, s: e.s, d: e.d }));
        this.dispatch('RESUMED', {});
      }
      this.wake();
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
      this.wake();
    });
  }

  botUser() {
    return {
      id: this.botUserId,
      username: 'watchkeeper',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    };
  }

  private guild() {
    return {
      id: GUILD,
      name: 'Fake Ops',
      icon: null,
      owner_id: '1',
      unavailable: false,
      member_count: 3,
      large: false,
      joined_at: '2026-01-01T00:00:00.000Z',
      features: [],
      roles: [
        {
          id: GUILD,
          name: '@everyone',
          permissions: '0',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
      ],
      emojis: [],
      stickers: [],
      channels: [],
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      premium_tier: 0,
      nsfw_level: 0,
      mfa_level: 0,
      verification_level: 0,
      explicit_content_filter: 0,
      default_message_notifications: 0,
    };
  }

  private async rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const body = text === '' ? undefined : JSON.parse(text);
    const method = req.method ?? 'GET';
    const auth = req.headers.authorization;
    this.calls.push({ method, path, auth, body });
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      });
      res.end(json === undefined ? undefined : JSON.stringify(json));
      this.wake();
    };
    const fault = this.faults.find((f) => f.times > 0 && f.pattern.test(`${method} ${path}`));
    if (fault !== undefined) {
      fault.times--;
      if (fault.status === 429) {
        const after = fault.retryAfter ?? 0.05;
        return send(
          429,
          { message: 'You are being rate limited.', retry_after: after, global: false },
          {
            'retry-after': String(Math.ceil(after)),
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(after),
            'x-ratelimit-bucket': 'fake',
            'x-ratelimit-scope': 'user',
          },
        );
      }
      return send(fault.status, { message: 'fake fault', code: 0 });
    }
    const interaction = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    const needsBot = interaction === null && webhook === null;
    if (needsBot && auth !== `Bot ${this.token}`) return send(401, { message: '401: Unauthorized', code: 0 });
    if (method === 'GET' && path === '/gateway/bot')
      return send(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    const cmds = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (cmds && method === 'PUT') {
      const list = (body as any[]).map((c) => ({
        ...c,
        id: this.newId(),
        application_id: cmds[1],
        version: '1',
      }));
      this.commands.set(cmds[2] ?? 'global', list);
      return send(200, list);
    }
    if (interaction && method === 'POST') {
      this.recordCallback(interaction[1]!, interaction[2]!, body);
      return send(204);
    }
    if (webhook && webhook[1] !== this.applicationId)
      return send(404, { message: 'Unknown Webhook', code: 10015 });
    if (webhook && method === 'PATCH' && webhook[3] !== undefined) {
      const r = this.response(webhook[2]!);
      const target = webhook[3] === '@original' ? r.original : r.followups.find((m) => m.id === webhook[3]);
      if (target === undefined) return send(404, { message: 'Unknown Message', code: 10008 });
      this.edit(target, body);
      return send(200, this.wire(target));
    }
    if (webhook && method === 'DELETE' && webhook[3] === '@original') {
      const r = this.response(webhook[2]!);
      if (r.original === undefined) return send(404, { message: 'Unknown Message', code: 10008 });
      delete r.original;
      return send(204);
    }
    if (webhook && method === 'POST' && webhook[3] === undefined) {
      const m = this.message(`@${webhook[2]}`, body);
      this.response(webhook[2]!).followups.push(m);
      return send(200, this.wire(m));
    }
    const thread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (thread && method === 'POST') {
      if (this.threads.has(thread[2]!))
        return send(400, { message: 'A thread has already been created for this message', code: 160004 });
      if (this.findMessage(thread[2]!) === undefined)
        return send(404, { message: 'Unknown Message', code: 10008 });
      this.threads.set(thread[2]!, thread[1]!);
      return send(201, { id: thread[2], type: 11, parent_id: thread[1], guild_id: GUILD, name: body?.name });
    }
    const post = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (post && method === 'POST') {
      const m = this.message(post[1]!, body);
      const list = this.messages.get(post[1]!) ?? [];
      list.push(m);
      this.messages.set(post[1]!, list);
      return send(200, this.wire(m));
    }
    const patch = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (patch && method === 'PATCH') {
      const m = (this.messages.get(patch[1]!) ?? []).find((x) => x.id === patch[2]);
      if (m === undefined) return send(404, { message: 'Unknown Message', code: 10008 });
      this.edit(m, body);
      return send(200, this.wire(m));
    }
    return send(404, { message: '404: Not Found', code: 0 });
  }

  /**
   * An initial interaction response: from `POST /interactions/{id}/{token}/callback`, or (HTTP
   * interactions) the body the app answered Discord's POST with, which a test hands over here.
   */
  recordCallback(interactionId: string, token: string, body: any): void {
    this.callbacks.push({ interactionId, token, type: body.type, data: body.data, at: performance.now() });
    const r = this.response(token);
    if (body.type === 4 || body.type === 5) r.original = this.message(`@${token}`, body.data ?? {});
    this.wake();
  }

  private response(token: string) {
    const r = this.responses.get(token) ?? { followups: [] };
    this.responses.set(token, r);
    return r;
  }

  private message(channel: string, body: any): FakeMessage {
    if (typeof body?.content === 'string' && body.content.length > 2000) throw new Error('content over 2000');
    for (const row of body?.components ?? [])
      for (const c of row.components ?? [])
        if (c.custom_id !== undefined && (c.custom_id.length < 1 || c.custom_id.length > 100))
          throw new Error(`custom_id of ${c.custom_id.length} characters`);
    return {
      id: this.newId(),
      channel_id: channel,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      flags: body?.flags ?? 0,
      edits: 0,
    };
  }

  private edit(m: FakeMessage, body: any): void {
    if (body.content !== undefined) m.content = body.content;
    if (body.embeds !== undefined) m.embeds = body.embeds;
    if (body.components !== undefined) m.components = body.components;
    m.edits++;
  }

  /** A Message object as Discord returns it (enough for discord.js to build a Message). */
  wire(m: FakeMessage) {
    return {
      id: m.id,
      channel_id: m.channel_id,
      type: 0,
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      author: this.botUser(),
      timestamp: '2026-11-25T10:00:00.000000+00:00',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      flags: m.flags,
    };
  }
}
