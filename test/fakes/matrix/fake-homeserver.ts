import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A room event as the Client-Server API serves it. */
export interface FakeEvent {
  event_id: string;
  room_id: string;
  type: string;
  sender: string;
  content: Record<string, any>;
  origin_server_ts: number;
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

interface Logged {
  readonly pos: number;
  readonly event: FakeEvent;
}

interface Room {
  readonly id: string;
  readonly events: Logged[];
  /** Current state by `type\u0000state_key`. */
  readonly state: Map<string, FakeEvent>;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: any;
  readonly status: number;
}

type Failure = { status: number; errcode: string; retryAfterMs?: number; retryAfterHeader?: string };

/**
 * A protocol-faithful fake Matrix homeserver (Client-Server API v3) on 127.0.0.1, enough for
 * matrix-js-sdk: versions, login, capabilities, push rules, filters, long-poll `/sync` with `since` /
 * `next_batch` / `timeout`, PUT send with per-token txnId idempotency, join / leave / invite,
 * redactions, relations and event lookup. Tests act as other users through the helper methods and
 * can inject `M_LIMIT_EXCEEDED` (with `Retry-After` and `retry_after_ms`) and 5xx on sends.
 */
export class FakeHomeserver {
  readonly serverName = 'fake.test';
  readonly botUserId = '@watchkeeper:fake.test';
  readonly botToken = 'syt_fake_bot_token';
  readonly requests: FakeRequest[] = [];
  /** Failures applied, in order, to the next `PUT .../send/...` requests. */
  readonly sendFailures: Failure[] = [];
  private readonly rooms = new Map<string, Room>();
  private readonly log: Logged[] = [];
  private readonly txns = new Map<string, { status: number; body: unknown }>();
  private readonly filters = new Map<string, unknown>();
  private readonly waiters = new Set<() => void>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private seq = 0;
  private redeliverFrom: number | undefined;
  private lastSince = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.waiters) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ---- test-side helpers (other users act directly on the server) ----

  createRoom(creator: string, options: { encrypted?: boolean } = {}): string {
    const id = `!r${++this.seq}:${this.serverName}`;
    this.rooms.set(id, { id, events: [], state: new Map() });
    this.append(id, creator, 'm.room.create', { creator, room_version: '10' }, '');
    this.append(id, creator, 'm.room.member', { membership: 'join' }, creator);
    this.append(id, creator, 'm.room.power_levels', { users: { [creator]: 100 }, users_default: 0 }, '');
    if (options.encrypted === true)
      this.append(id, creator, 'm.room.encryption', { algorithm: 'm.megolm.v1.aes-sha2' }, '');
    return id;
  }

  invite(sender: string, room: string, target: string): string {
    return this.append(room, sender, 'm.room.member', { membership: 'invite' }, target);
  }

  join(user: string, room: string): string {
    return this.append(room, user, 'm.room.member', { membership: 'join' }, user);
  }

  /** Sends an event as `user` (no HTTP: other users are simulated). */
  send(user: string, room: string, type: string, content: Record<string, unknown>): string {
    return this.append(room, user, type, content);
  }

  say(user: string, room: string, body: string, thread?: string): string {
    return this.send(user, room, 'm.room.message', {
      msgtype: 'm.text',
      body,
      ...(thread === undefined ? {} : { 'm.relates_to': { rel_type: 'm.thread', event_id: thread } }),
    });
  }

  react(user: string, room: string, eventId: string, key: string): string {
    return this.send(user, room, 'm.reaction', {
      'm.relates_to': { rel_type: 'm.annotation', event_id: eventId, key },
    });
  }

  /** The next `/sync` returns everything since the previous batch's `since` again (a re-delivery). */
  redeliverLastBatch(): void {
    this.redeliverFrom = this.lastSince;
  }

  membership(room: string, user: string): string | undefined {
    return this.rooms.get(room)?.state.get(`m.room.member\u0000${user}`)?.content['membership'];
  }

  /** Timeline events of a room, oldest first. */
  events(room: string): FakeEvent[] {
    return (this.rooms.get(room)?.events ?? []).map((l) => l.event);
  }

  event(id: string): FakeEvent | undefined {
    return this.log.find((l) => l.event.event_id === id)?.event;
  }

  /** The bot's messages (not edits), with the content of their latest edit applied. */
  botMessages(room: string): (FakeEvent & { edits: number; current: Record<string, any> })[] {
    const all = this.events(room);
    return all
      .filter(
        (e) =>
          e.sender === this.botUserId &&
          e.type === 'm.room.message' &&
          e.content['m.relates_to']?.rel_type !== 'm.replace',
      )
      .map((e) => {
        const edits = all.filter(
          (x) =>
            x.sender === e.sender &&
            x.content['m.relates_to']?.rel_type === 'm.replace' &&
            x.content['m.relates_to']?.event_id === e.event_id,
        );
        const last = edits.at(-1);
        return { ...e, edits: edits.length, current: last ? last.content['m.new_content'] : e.content };
      });
  }

  /** Waits until the bot has sent a message matching `pred` into `room`. */
  async waitForBot(
    what: string,
    room: string,
    pred: (m: ReturnType<FakeHomeserver['botMessages']>[number]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ReturnType<FakeHomeserver['botMessages']>[number]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.botMessages(room).find(pred);
      if (m !== undefined) return m;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  // ---- the Client-Server API ----

  private append(
    room: string,
    sender: string,
    type: string,
    content: Record<string, unknown>,
    stateKey?: string,
    txnId?: string,
  ): string {
    const r = this.rooms.get(room);
    if (r === undefined) throw new Error(`no room ${room}`);
    const event: FakeEvent = {
      event_id: `$e${++this.seq}-${Math.random().toString(36).slice(2, 8)}`,
      room_id: room,
      type,
      sender,
      content,
      origin_server_ts: Date.now(),
      ...(stateKey === undefined ? {} : { state_key: stateKey }),
      ...(txnId === undefined ? {} : { unsigned: { transaction_id: txnId } }),
    };
    const logged = { pos: this.log.length + 1, event };
    this.log.push(logged);
    r.events.push(logged);
    if (stateKey !== undefined) r.state.set(`${type}\u0000${stateKey}`, event);
    for (const w of [...this.waiters]) w();
    return event.event_id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: any;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const path = url.pathname;
    const send = (status: number, json: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method: req.method ?? '', path, query: url.searchParams, body, status });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(json));
    };
    const err = (status: number, errcode: string, error: string): void => send(status, { errcode, error });

    if (path === '/_matrix/client/versions')
      return send(200, { versions: ['v1.1', 'v1.5', 'v1.6', 'v1.11'], unstable_features: {} });
    if (path === '/_matrix/client/v3/login' && req.method === 'GET')
      return send(200, { flows: [{ type: 'm.login.password' }] });
    if (path === '/_matrix/client/v3/login' && req.method === 'POST') {
      if (body?.type !== 'm.login.password') return err(400, 'M_UNKNOWN', 'Bad login type.');
      if (body.password !== 'bot-password') return err(403, 'M_FORBIDDEN', 'Invalid password');
      return send(200, { user_id: this.botUserId, access_token: this.botToken, device_id: 'FAKEDEV' });
    }

    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? url.searchParams.get('access_token');
    if (auth === null || auth === undefined) return err(401, 'M_MISSING_TOKEN', 'Missing access token');
    if (auth !== this.botToken) return err(401, 'M_UNKNOWN_TOKEN', 'Unrecognised access token');
    const me = this.botUserId;
    const p = path.replace(/^\/_matrix\/client\/(v3|r0|v1)/, '');
    let m: RegExpExecArray | null;

    if (p === '/account/whoami') return send(200, { user_id: me, device_id: 'FAKEDEV' });
    if (p === '/capabilities')
      return send(200, { capabilities: { 'm.change_password': { enabled: false } } });
    if (p === '/pushrules/' || p === '/pushrules') return send(200, { global: {} });
    if ((m = /^\/user\/([^/]+)\/filter$/.exec(p)) && req.method === 'POST') {
      const id = String(this.filters.size + 1);
      this.filters.set(id, body);
      return send(200, { filter_id: id });
    }
    if ((m = /^\/user\/([^/]+)\/filter\/([^/]+)$/.exec(p))) {
      const f = this.filters.get(decodeURIComponent(m[2]!));
      return f === undefined ? err(404, 'M_NOT_FOUND', 'No such filter') : send(200, f);
    }
    if (p === '/sync') return this.sync(url.searchParams, send);
    if ((m = /^\/rooms\/([^/]+)\/send\/([^/]+)\/([^/]+)$/.exec(p)) && req.method === 'PUT') {
      const key = `${auth}:${p}`;
      const prior = this.txns.get(key);
      if (prior !== undefined) return send(prior.status, prior.body);
      const failure = this.sendFailures.shift();
      if (failure !== undefined) {
        const headers: Record<string, string> = {};
        if (failure.retryAfterHeader !== undefined) headers['Retry-After'] = failure.retryAfterHeader;
        return send(
          failure.status,
          {
            errcode: failure.errcode,
            error: failure.status === 429 ? 'Too many requests' : 'Internal error',
            ...(failure.retryAfterMs === undefined ? {} : { retry_after_ms: failure.retryAfterMs }),
          },
          headers,
        );
      }
      const room = decodeURIComponent(m[1]!);
      if (this.membership(room, me) !== 'join') return err(403, 'M_FORBIDDEN', 'not in room');
      const type = decodeURIComponent(m[2]!);
      const rel = body?.['m.relates_to'];
      if (type === 'm.reaction' && rel?.rel_type === 'm.annotation') {
        const dup = this.events(room).find(
          (e) =>
            e.type === 'm.reaction' &&
            e.sender === me &&
            e.content['m.relates_to']?.event_id === rel.event_id &&
            e.content['m.relates_to']?.key === rel.key,
        );
        if (dup !== undefined) return err(400, 'M_DUPLICATE_ANNOTATION', 'Duplicate annotation');
      }
      const eventId = this.append(room, me, type, body ?? {}, undefined, decodeURIComponent(m[3]!));
      const answer = { event_id: eventId };
      this.txns.set(key, { status: 200, body: answer });
      return send(200, answer);
    }
    if ((m = /^\/rooms\/([^/]+)\/redact\/([^/]+)\/([^/]+)$/.exec(p)) && req.method === 'PUT') {
      const room = decodeURIComponent(m[1]!);
      const id = this.append(room, me, 'm.room.redaction', { redacts: decodeURIComponent(m[2]!) });
      return send(200, { event_id: id });
    }
    if ((m = /^\/(?:join|rooms)\/([^/]+?)(?:\/join)?$/.exec(p)) && req.method === 'POST') {
      const room = decodeURIComponent(m[1]!);
      if (!this.rooms.has(room)) return err(404, 'M_NOT_FOUND', 'No such room');
      const ms = this.membership(room, me);
      if (ms !== 'invite' && ms !== 'join') return err(403, 'M_FORBIDDEN', 'You are not invited');
      if (ms !== 'join') this.join(me, room);
      return send(200, { room_id: room });
    }
    if ((m = /^\/rooms\/([^/]+)\/leave$/.exec(p)) && req.method === 'POST') {
      const room = decodeURIComponent(m[1]!);
      if (!this.rooms.has(room)) return err(404, 'M_NOT_FOUND', 'No such room');
      this.append(room, me, 'm.room.member', { membership: 'leave' }, me);
      return send(200, {});
    }
    if ((m = /^\/rooms\/([^/]+)\/invite$/.exec(p)) && req.method === 'POST') {
      const room = decodeURIComponent(m[1]!);
      this.invite(me, room, String(body?.user_id));
      return send(200, {});
    }
    if ((m = /^\/rooms\/([^/]+)\/event\/([^/]+)$/.exec(p))) {
      const e = this.event(decodeURIComponent(m[2]!));
      return e === undefined ? err(404, 'M_NOT_FOUND', 'Event not found') : send(200, e);
    }
    if ((m = /^\/rooms\/([^/]+)\/relations\/([^/]+)/.exec(p))) {
      const target = decodeURIComponent(m[2]!);
      const chunk = this.events(decodeURIComponent(m[1]!)).filter(
        (e) => e.content['m.relates_to']?.event_id === target,
      );
      return send(200, { chunk: chunk.reverse() });
    }
    return err(404, 'M_UNRECOGNIZED', `Unrecognized request ${req.method} ${path}`);
  }

  private async sync(q: URLSearchParams, send: (s: number, j: unknown) => void): Promise<void> {
    const sinceRaw = q.get('since');
    let since = sinceRaw === null ? 0 : Number(sinceRaw.replace(/^s/, ''));
    if (this.redeliverFrom !== undefined && sinceRaw !== null) {
      since = this.redeliverFrom;
      this.redeliverFrom = undefined;
    }
    const timeout = Math.min(Number(q.get('timeout') ?? '0') || 0, 30_000);
    const deadline = Date.now() + timeout;
    while (this.log.length <= since && sinceRaw !== null && Date.now() < deadline && this.server?.listening) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.max(0, deadline - Date.now()));
        this.waiters.add(done);
      });
    }
    this.lastSince = since;
    send(200, this.syncBody(since));
  }

  private syncBody(since: number): unknown {
    const me = this.botUserId;
    const join: Record<string, unknown> = {};
    const invite: Record<string, unknown> = {};
    const leave: Record<string, unknown> = {};
    for (const room of this.rooms.values()) {
      const membership = this.membership(room.id, me);
      const fresh = room.events.filter((l) => l.pos > since).map((l) => l.event);
      if (membership === 'join') {
        const myJoin = [...room.events]
          .reverse()
          .find((l) => l.event.type === 'm.room.member' && l.event.state_key === me);
        const newlyJoined = myJoin !== undefined && myJoin.pos > since;
        if (fresh.length === 0 && !newlyJoined) continue;
        const freshIds = new Set(fresh.map((e) => e.event_id));
        const state = newlyJoined ? [...room.state.values()].filter((e) => !freshIds.has(e.event_id)) : [];
        join[room.id] = {
          state: { events: state },
          timeline: { events: fresh, limited: false, prev_batch: `p${since}` },
          ephemeral: { events: [] },
          account_data: { events: [] },
        };
      } else if (membership === 'invite') {
        if (fresh.length === 0) continue;
        invite[room.id] = {
          invite_state: {
            events: [...room.state.values()]
              .filter((e) =>
                ['m.room.create', 'm.room.member', 'm.room.name', 'm.room.encryption'].includes(e.type),
              )
              .map((e) => ({ type: e.type, state_key: e.state_key, sender: e.sender, content: e.content })),
          },
        };
      } else if (membership === 'leave') {
        const mine = fresh.filter((e) => e.type === 'm.room.member' && e.state_key === me);
        if (mine.length === 0) continue;
        leave[room.id] = { state: { events: [] }, timeline: { events: mine, limited: false } };
      }
    }
    return {
      next_batch: `s${this.log.length}`,
      rooms: { join, invite, leave },
      account_data: { events: [] },
    };
  }
}
