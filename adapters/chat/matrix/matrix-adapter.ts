import { randomBytes } from 'node:crypto';
import {
  ClientEvent,
  MemoryStore,
  Method,
  createClient,
  type ISyncResponse,
  type MatrixClient,
  type MatrixEvent,
} from 'matrix-js-sdk';
import { logger as sdkLogger, type Logger as SdkLogger } from 'matrix-js-sdk/lib/logger.js';
import type {
  ChatAdapter,
  ChatEvent,
  ChatEventSink,
  Clock,
  Conversation,
  KeyValueRepository,
  Logger,
  MessageRef,
  OutboxRepository,
  OutgoingMessage,
} from '../../../src/core/index.js';
import { MatrixOutbox, PROVISIONAL_PREFIX, type MatrixOutboxPayload } from './matrix-outbox.js';
import { renderMessage } from './render.js';
import {
  MATRIX_PLATFORM,
  commandEvent,
  commandText,
  matrixConversation,
  matrixPrincipal,
  reactionDecision,
  reactionVoteEvent,
  type MatrixInbound,
} from './to-event.js';
import { InFlight, waitFor } from '../shared/adapter-support.js';

export interface MatrixAdapterOptions {
  readonly homeserverUrl: string;
  readonly accessToken: string;
  readonly userId: string;
  readonly outbox: OutboxRepository;
  /** Sync token, prompt index and the txnId prefix live here. */
  readonly kv: KeyValueRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  /** Whose invites the bot accepts (policies/roles.yaml `allow`). */
  readonly isPrincipalAllowed: (principalId: string) => boolean;
  /** Long-poll timeout of `/sync`, ms; default 30 000 (tests use short ones). */
  readonly pollTimeoutMs?: number;
  /** How long `post()` waits for the event id before returning a provisional id; default 10 s. */
  readonly postWaitMs?: number;
  readonly delivery?: { retryBaseMs?: number; retryMaxMs?: number };
  /** Seeds ✅ / ❌ reactions under each approval prompt so voting is one click; default true. */
  readonly seedReactions?: boolean;
}

export interface MatrixAdapter extends ChatAdapter {
  health(): { ok: boolean; detail?: string };
  /** Resolves when no inbound work is in flight and the outbox is empty (tests, shutdown). */
  idle(): Promise<void>;
  /** Resolves once the first `/sync` has been processed. */
  synced(): Promise<void>;
}

interface PromptInfo {
  approvalId: string;
  token: string;
  thread?: string;
}

/** Keeps the SDK's in-memory store but persists the sync token, so a restart resumes where it stopped. */
class SyncTokenStore extends MemoryStore {
  constructor(
    private readonly kv: KeyValueRepository,
    private readonly key: string,
  ) {
    super({});
  }
  override getSavedSyncToken(): Promise<string | null> {
    return Promise.resolve(this.kv.get(this.key) ?? null);
  }
  override setSyncData(data: ISyncResponse): Promise<void> {
    // called after the batch was processed (its events are already claimed), before the next request
    this.kv.set(this.key, data.next_batch);
    return super.setSyncData(data);
  }
}

const RECEIPT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The Matrix ChatAdapter on matrix-js-sdk (no end-to-end encryption). It long-polls `/sync`, runs
 * `!wk <grammar>` messages, turns ✅ / ❌ reactions on approval prompts into votes, joins rooms when the
 * inviter is allowed by policy, and replies with threaded `m.notice`s. Every send goes through the
 * durable outbox as `PUT .../send/{type}/{txnId}`.
 */
export function createMatrixAdapter(options: MatrixAdapterOptions): MatrixAdapter {
  const { logger, kv, userId: me } = options;
  const now = (): string => options.clock.now().toISOString();
  const tokenKey = `matrix:sync-token:${me}`;
  let txnPrefix = kv.get('matrix:txn-prefix');
  if (txnPrefix === undefined) {
    txnPrefix = `wk${randomBytes(6).toString('hex')}`;
    kv.set('matrix:txn-prefix', txnPrefix);
  }
  const promptKey = (eventId: string): string => `matrix:prompt:${eventId}`;

  let client: MatrixClient | undefined;
  let sink: ChatEventSink | undefined;
  let started = false;
  /** True while the very first sync without a stored token runs: its history is not re-executed. */
  let freshHistory = false;
  let resolveSynced: () => void = () => undefined;
  let syncedPromise = new Promise<void>((r) => (resolveSynced = r));
  const problems = new Map<string, string>();
  const onProblem = (scope: string, code: string | undefined): void => {
    if (code === undefined) problems.delete(scope);
    else {
      if (problems.get(scope) !== code) logger.error('Matrix reported an error', { code, scope });
      problems.set(scope, code);
    }
  };
  const inFlight = new InFlight(logger, 'Matrix event handling');
  const track = (work: Promise<void>): void => inFlight.track(work);
  const warnedEncrypted = new Set<string>();

  const outbox = new MatrixOutbox({
    repo: options.outbox,
    send: async (room, type, txnId, content) => {
      if (client === undefined) throw Object.assign(new Error('not started'), { httpStatus: 0 });
      const path = `/rooms/${encodeURIComponent(room)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`;
      const res = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, content);
      return res.event_id;
    },
    clock: options.clock,
    logger: logger.child('outbox'),
    txnPrefix,
    onProblem,
    ...options.delivery,
  });

  const enqueue = (p: MatrixOutboxPayload) => outbox.enqueue(p);

  const postRaw = async (room: string, message: OutgoingMessage, thread?: string): Promise<string> => {
    const content = renderMessage(message, options.clock.now()) as unknown as Record<string, unknown>;
    const { id, done } = enqueue({
      kind: 'message',
      room,
      content,
      ...(thread === undefined ? {} : { thread }),
    });
    const prompt = message.approval;
    if (prompt !== undefined) {
      // the prompt index is what turns a reaction into a vote; it needs the real event id
      void done
        .then((eventId) => {
          if (eventId === null) return;
          const info: PromptInfo = {
            approvalId: prompt.approvalId,
            token: prompt.token,
            ...(thread === undefined ? {} : { thread: outbox.resolveId(thread) ?? thread }),
          };
          kv.set(promptKey(eventId), JSON.stringify(info));
          if (options.seedReactions !== false && prompt.status === 'pending') {
            for (const key of ['✅', '❌'])
              void enqueue({ kind: 'reaction', room, target: eventId, key }).done;
          }
        })
        .catch(() => undefined);
    }
    const eventId = await waitFor(done, options.postWaitMs ?? 10_000);
    return eventId ?? `${PROVISIONAL_PREFIX}${id}`;
  };

  const deliver = async (
    replies: readonly OutgoingMessage[],
    room: string,
    thread: string,
  ): Promise<void> => {
    for (const reply of replies) {
      // Matrix has no ephemeral messages: replies meant for the caller go into the thread as well
      await postRaw(room, reply, thread).catch((err: unknown) =>
        logger.error('reply not delivered', { error: String(err) }),
      );
    }
  };

  const dispatch = async (event: ChatEvent, room: string, thread: string): Promise<void> => {
    if (sink === undefined) return;
    await deliver(await sink(event), room, thread);
  };

  const onInvite = (ev: MatrixEvent): void => {
    const room = ev.getRoomId();
    const inviter = ev.getSender();
    if (room === undefined || inviter === undefined || client === undefined) return;
    const c = client;
    const principal = matrixPrincipal(inviter);
    if (options.isPrincipalAllowed(principal)) {
      logger.info('joining Matrix room on invite', { room, inviter });
      track(
        c.joinRoom(room).then(
          () => onProblem(room, undefined),
          (err: unknown) => logger.warn('could not join Matrix room', { room, error: String(err) }),
        ),
      );
    } else {
      logger.warn('declining Matrix invite from a principal not allowed by policy', { room, inviter });
      track(
        c.leave(room).then(
          () => undefined,
          (err: unknown) => logger.warn('could not decline Matrix invite', { room, error: String(err) }),
        ),
      );
    }
  };

  const warnEncrypted = (room: string): void => {
    if (warnedEncrypted.has(room) || kv.get(`matrix:encrypted-warned:${room}`) !== undefined) return;
    warnedEncrypted.add(room);
    kv.set(`matrix:encrypted-warned:${room}`, now());
    logger.warn('Matrix room is end-to-end encrypted; Watchkeeper cannot read it', { room });
    void enqueue({
      kind: 'message',
      room,
      content: renderMessage(
        {
          text: 'This room is end-to-end encrypted: Watchkeeper cannot read encrypted messages. Use an unencrypted room for !wk commands and alerts.',
        },
        options.clock.now(),
      ) as unknown as Record<string, unknown>,
    }).done.catch(() => undefined);
  };

  const onEvent = (ev: MatrixEvent): void => {
    const type = ev.getType();
    const room = ev.getRoomId();
    const sender = ev.getSender();
    if (room === undefined || sender === undefined) return;
    if (type === 'm.room.member' && ev.getStateKey() === me && ev.getContent()['membership'] === 'invite') {
      if (client?.getRoom(room)?.getMyMembership() !== 'join') onInvite(ev);
      return;
    }
    if (sender === me) return; // our own notices, edits and seeded reactions
    if (ev.getId() === undefined) return; // stripped state of an invite: nothing to act on before joining
    if (type === 'm.room.encryption' || type === 'm.room.encrypted') {
      warnEncrypted(room);
      return;
    }
    if (type !== 'm.room.message' && type !== 'm.reaction') return;
    // after a restart the SDK knows only what the resumed sync tells it: skip rooms known to be left
    const mine = client?.getRoom(room)?.currentState.getMember(me)?.membership;
    if (mine !== undefined && mine !== 'join') return;
    const eventId = ev.getId();
    if (eventId === undefined) return;
    if (freshHistory) return; // history from before the first start is not replayed
    const content = ev.getContent();
    const rel = content['m.relates_to'] as { rel_type?: string; event_id?: string; key?: string } | undefined;
    if (type === 'm.room.message') {
      if (content['msgtype'] === 'm.notice') return; // bots must never answer notices
      if (rel?.rel_type === 'm.replace') return; // edits are not new commands
      const body = typeof content['body'] === 'string' ? content['body'] : '';
      const text = commandText(body);
      if (text === undefined) return;
      if (!claim(eventId)) return;
      const thread = rel?.rel_type === 'm.thread' && rel.event_id !== undefined ? rel.event_id : eventId;
      const inbound = inboundOf(ev, room, sender);
      track(dispatch(commandEvent(inbound, text, thread), room, thread));
      return;
    }
    // m.reaction
    if (rel?.rel_type !== 'm.annotation' || rel.event_id === undefined || rel.key === undefined) return;
    const decision = reactionDecision(rel.key);
    if (decision === undefined) return;
    const raw = kv.get(promptKey(rel.event_id));
    if (raw === undefined) return; // not a reaction on one of our prompts
    if (!claim(eventId)) return;
    const prompt = JSON.parse(raw) as PromptInfo;
    const thread = prompt.thread ?? rel.event_id;
    track(dispatch(reactionVoteEvent(inboundOf(ev, room, sender), prompt, decision), room, thread));
  };

  const inboundOf = (ev: MatrixEvent, room: string, sender: string): MatrixInbound => {
    const name = ev.sender?.name;
    return {
      id: options.newId(),
      receivedAt: now(),
      room,
      sender,
      ...(name !== undefined && name !== '' && name !== sender ? { displayName: name } : {}),
    };
  };

  /** True the first time an event id is seen; a re-delivered event is never handled twice. */
  const claim = (eventId: string): boolean => {
    const fresh = options.outbox.claimInbound(`matrix:${eventId}`, now());
    if (!fresh) logger.info('ignoring a re-delivered Matrix event', { eventId });
    return fresh;
  };

  const adapter: MatrixAdapter = {
    platform: MATRIX_PLATFORM,

    async start(s) {
      sink = s;
      if (started) return;
      started = true;
      options.outbox.pruneInbound(
        'matrix:',
        new Date(options.clock.now().getTime() - RECEIPT_TTL_MS).toISOString(),
      );
      freshHistory = kv.get(tokenKey) === undefined;
      syncedPromise = new Promise<void>((r) => (resolveSynced = r));
      // The SDK's module-wide logger is chatty (every request, sync step, each push rule a server lacks,
      // and MatrixRTC errors for rooms it has not seen): silenced. What matters reaches our log through
      // the per-client logger below and the sync-state / send-error handling (health on /readyz).
      const levelOf = (l: unknown) => l as { setLevel(level: string, persist?: boolean): void };
      levelOf(sdkLogger).setLevel('silent', false);
      levelOf(sdkLogger.getChild('[MatrixRTCSessionManager]')).setLevel('silent', false);
      const c = createClient({
        logger: sdkLoggerFor(logger),
        baseUrl: options.homeserverUrl,
        accessToken: options.accessToken,
        userId: options.userId,
        store: new SyncTokenStore(kv, tokenKey),
        timelineSupport: false,
      });
      client = c;
      c.on(ClientEvent.Event, (ev) => {
        try {
          onEvent(ev);
        } catch (err) {
          logger.error('Matrix event handling failed', { error: String(err) });
        }
      });
      c.on(ClientEvent.Sync, (state, _prev, data) => {
        if (state === 'PREPARED' || state === 'SYNCING') {
          freshHistory = false;
          onProblem('sync', undefined);
          resolveSynced();
        } else if (state === 'ERROR') {
          const e = data?.error as { errcode?: string; message?: string } | undefined;
          onProblem('sync', e?.errcode ?? e?.message ?? 'sync_error');
        }
      });
      outbox.start();
      try {
        await c.startClient({
          initialSyncLimit: 20,
          disablePresence: true,
          lazyLoadMembers: false,
          threadSupport: false,
          ...(options.pollTimeoutMs === undefined ? {} : { pollTimeout: options.pollTimeoutMs }),
        });
        logger.info('Matrix adapter started', { userId: me, resumed: !freshHistory });
      } catch (err) {
        onProblem('*', (err as { errcode?: string }).errcode ?? String(err));
        logger.error('Matrix adapter could not start', { error: String(err) });
      }
    },

    async stop() {
      if (!started) return;
      started = false;
      sink = undefined;
      client?.stopClient();
      await inFlight.settle();
      await outbox.stop();
      client?.removeAllListeners();
      client = undefined;
    },

    async post(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
      const id = await postRaw(conversation.channel, message, conversation.thread);
      return {
        platform: MATRIX_PLATFORM,
        conversation: matrixConversation(conversation.channel, conversation.thread),
        id,
      };
    },

    async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      const content = renderMessage(message, options.clock.now()) as unknown as Record<string, unknown>;
      const { done } = enqueue({ kind: 'edit', room: ref.conversation.channel, target: ref.id, content });
      await waitFor(done, options.postWaitMs ?? 10_000);
    },

    health() {
      if (problems.size === 0) return { ok: true };
      return {
        ok: false,
        detail: [...problems]
          .map(([scope, code]) => (scope === '*' ? code : `${code} (${scope})`))
          .join(', '),
      };
    },

    async idle() {
      await inFlight.settle();
      await outbox.idle();
      await inFlight.settle();
      await outbox.idle();
    },

    synced: () => syncedPromise,
  };
  return adapter;
}

/** The SDK's per-client logger, folded into ours at debug level (its warnings are mostly protocol chatter). */
function sdkLoggerFor(logger: Logger): SdkLogger {
  const debug = (...msg: unknown[]): void => logger.debug(msg.map(String).join(' '));
  const l: SdkLogger = {
    trace: debug,
    debug,
    info: debug,
    warn: debug,
    error: (...msg: unknown[]) => logger.warn(msg.map(String).join(' ')),
    getChild: () => l,
  };
  return l;
}
