import { Client, Events, GatewayIntentBits, REST, type GatewayDispatchPayload } from 'discord.js';
import {
  toWatchkeeperError,
  type ChatAdapter,
  type ChatEvent,
  type ChatEventSink,
  type Clock,
  type Conversation,
  type HttpReply,
  type HttpRoute,
  type HttpRouteProvider,
  type Logger,
  type MessageRef,
  type OutboxRepository,
  type OutgoingMessage,
} from '../../../src/core/index.js';
import { CallbackType, EPHEMERAL, InteractionType, type RawInteraction } from './discord-payloads.js';
import { DiscordOutbox, PROVISIONAL_PREFIX, type DiscordRestApi } from './discord-outbox.js';
import { renderMessage, type DiscordMessage } from './render.js';
import {
  DISCORD_PLATFORM,
  commandText,
  commandToEvent,
  componentToEvent,
  discordConversation,
  interactionConversation,
  interactionUser,
  parseInteraction,
} from './to-event.js';
import { checkSignature, publicKeyFromHex } from './verify.js';
import { buildWkCommand, type SkillCommands } from './wk-command.js';
import { InFlight, opensThread, waitFor } from '../shared/adapter-support.js';

export interface DiscordAdapterOptions {
  /** Bot token: REST (posts, command registration) and, unless `publicKey` is set, the gateway. */
  readonly token?: string;
  readonly applicationId: string;
  /** HTTP interactions (`POST /discord/interactions`) instead of the gateway when set. */
  readonly publicKey?: string;
  /** Registers `/wk` in this guild (instant) instead of globally. */
  readonly guildId?: string;
  /** REST base, e.g. `http://127.0.0.1:PORT/api` (tests); default https://discord.com/api. */
  readonly apiUrl?: string;
  readonly skills: readonly SkillCommands[];
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly delivery?: { retryBaseMs?: number; retryMaxMs?: number };
  /** discord.js REST tuning (tests use short timeouts). */
  readonly rest?: { retries?: number; timeout?: number };
  /** How long `post()` waits for Discord's message id before returning a provisional one; default 10 s. */
  readonly postWaitMs?: number;
  /** How long `start()` waits for the gateway READY; default 15 s. */
  readonly readyTimeoutMs?: number;
}

export interface DiscordAdapter extends ChatAdapter, HttpRouteProvider {
  readonly mode: 'gateway' | 'http';
  health(): { ok: boolean; detail?: string };
  /** Resolves when no inbound work is in flight and the outbox is empty (tests, shutdown). */
  idle(): Promise<void>;
  /** Milliseconds from receiving each interaction to sending its initial response (newest last, ≤ 1000). */
  responseTimes(): readonly number[];
}

type InitialResponse = (body: Record<string, unknown>) => Promise<void>;

const RECEIPT_TTL_MS = 60 * 60 * 1000;

/**
 * The Discord ChatAdapter on discord.js v14. Interactions arrive over the gateway (discord.js `Client`,
 * read as raw `INTERACTION_CREATE` data) or as signed HTTP POSTs; both take one path: validate, answer
 * at once with a deferral (well within Discord's 3 s), then run the gateway sink and edit the original
 * response / send follow-ups with the 15-minute interaction token. Channel posts and edits go through
 * the durable outbox. Raw payloads (not discord.js' cached structures) keep both modes identical.
 * @see https://discord.com/developers/docs/interactions/receiving-and-responding
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const logger = options.logger;
  const mode: 'gateway' | 'http' = options.publicKey === undefined ? 'gateway' : 'http';
  const restOptions = {
    ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
    ...(options.rest?.retries === undefined ? {} : { retries: options.rest.retries }),
    ...(options.rest?.timeout === undefined ? {} : { timeout: options.rest.timeout }),
  };
  const client =
    mode === 'gateway' ? new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptions }) : undefined;
  const rest: REST = client?.rest ?? new REST(restOptions);
  if (options.token !== undefined) rest.setToken(options.token);
  const publicKey = options.publicKey === undefined ? undefined : publicKeyFromHex(options.publicKey);

  const problems = new Map<string, string>();
  const onProblem = (scope: string, problem: string | undefined): void => {
    if (problem === undefined) problems.delete(scope);
    else {
      if (problems.get(scope) !== problem) logger.error('Discord reported a problem', { scope, problem });
      problems.set(scope, problem);
    }
  };
  const gatewayState = { ready: false, reconnects: 0, resumes: 0 };
  const outbox = new DiscordOutbox({
    repo: options.outbox,
    api: rest as unknown as DiscordRestApi,
    clock: options.clock,
    logger: logger.child('outbox'),
    onProblem,
    ...options.delivery,
  });
  const now = (): string => options.clock.now().toISOString();
  const times: number[] = [];
  let sink: ChatEventSink | undefined;
  let started = false;
  const inFlight = new InFlight(logger, 'Discord interaction handling');
  const track = (work: Promise<void>): void => inFlight.track(work);

  const webhook = (token: string, suffix = ''): `/${string}` =>
    `/webhooks/${options.applicationId}/${token}${suffix}`;
  const editOriginal = (token: string, m: DiscordMessage) =>
    rest.patch(webhook(token, '/messages/@original'), { body: m, auth: false });
  const followUp = (token: string, m: DiscordMessage, ephemeral: boolean) =>
    rest.post(webhook(token), { body: { ...m, ...(ephemeral ? { flags: EPHEMERAL } : {}) }, auth: false });

  const postRaw = async (
    conversation: Conversation,
    message: DiscordMessage,
    threadName?: string,
  ): Promise<string> => {
    const { id, done } = outbox.enqueue({
      kind: 'post',
      channel: conversation.channel,
      ...(conversation.thread === undefined ? {} : { thread: conversation.thread }),
      ...(threadName === undefined ? {} : { threadName }),
      message,
    });
    const result = await waitFor(done, options.postWaitMs ?? 10_000);
    return result ?? `${PROVISIONAL_PREFIX}${id}`;
  };
  const render = (m: OutgoingMessage): DiscordMessage => renderMessage(m, options.clock.now());

  /**
   * Replies to a command: ephemeral ones into the (ephemeral, deferred) original response; public ones
   * into the command's thread when it has one, else as public follow-ups (the outbox if that fails).
   */
  const deliverToCommand = async (
    replies: readonly OutgoingMessage[],
    token: string,
    where: Conversation,
  ): Promise<void> => {
    const privately = replies.filter((r) => r.ephemeral === true).map((r) => r.text);
    for (const r of replies.filter((x) => x.ephemeral !== true)) {
      if (where.thread === undefined) {
        const sent = await followUp(token, render(r), false).then(
          () => true,
          () => false,
        );
        if (sent) continue;
      }
      await postRaw(where, render(r)).catch((err: unknown) =>
        logger.error('reply not delivered', { error: String(err) }),
      );
    }
    if (privately.length === 0 && where.thread === undefined && replies.length > 0) {
      // only public answers: the "thinking…" placeholder goes away
      const gone = await rest.delete(webhook(token, '/messages/@original'), { auth: false }).then(
        () => true,
        () => false,
      );
      if (gone) return;
    }
    const text =
      privately.length > 0
        ? privately.join('\n\n')
        : where.thread !== undefined
          ? `Working on it in <#${where.thread}>.`
          : 'Done.';
    await editOriginal(token, render({ text })).catch((err: unknown) =>
      logger.warn('could not edit the interaction response', { error: String(err) }),
    );
  };

  const deliverToClick = async (replies: readonly OutgoingMessage[], token: string, where: Conversation) => {
    for (const r of replies) {
      if (r.ephemeral === true)
        await followUp(token, render(r), true).catch((err: unknown) =>
          logger.warn('could not send a follow-up', { error: String(err) }),
        );
      else
        await postRaw(where, render(r)).catch((err: unknown) =>
          logger.error('reply not delivered', { error: String(err) }),
        );
    }
  };

  const refusal = (err: unknown): OutgoingMessage => {
    const e = toWatchkeeperError(err);
    logger.warn('Discord interaction refused', { code: e.code, error: e.message });
    return {
      text:
        e.code === 'VALIDATION_FAILED'
          ? `That request is not valid: ${e.message}`
          : 'Something went wrong; the error was logged.',
      ephemeral: true,
      error: { code: e.code },
    };
  };

  const run = async (event: ChatEvent): Promise<readonly OutgoingMessage[]> =>
    sink === undefined
      ? [{ text: 'Watchkeeper is starting; try again in a moment.', ephemeral: true }]
      : sink(event);

  /**
   * One path for both transports: answers through `respond` at once (PONG, a deferral or an ephemeral
   * refusal), then does the work in the background.
   */
  const handle = async (payload: unknown, respond: InitialResponse, receivedMs: number): Promise<void> => {
    const answer = async (body: Record<string, unknown>): Promise<void> => {
      await respond(body);
      times.push(performance.now() - receivedMs);
      if (times.length > 1000) times.shift();
    };
    let i: RawInteraction;
    try {
      i = parseInteraction(payload);
    } catch (err) {
      const r = refusal(err);
      await answer({ type: CallbackType.Message, data: { ...render(r), flags: EPHEMERAL } });
      return;
    }
    if (i.type === InteractionType.Ping) return answer({ type: CallbackType.Pong });
    const token = i.token ?? '';
    if (!options.outbox.claimInbound(`discord:${i.id}`, now())) {
      logger.info('ignoring a repeated Discord interaction', { id: i.id });
      return;
    }
    const receivedAt = now();
    if (i.type === InteractionType.Command) {
      await answer({ type: CallbackType.Deferred, data: { flags: EPHEMERAL } });
      track(
        (async () => {
          let where: Conversation | undefined;
          try {
            where = interactionConversation(i);
            const text = i.data?.name === 'wk' ? commandText(i.data.options) : '';
            let thread: string | undefined;
            if (i.data?.name === 'wk' && opensThread(text)) {
              const user = interactionUser(i);
              thread = await postRaw(where, render({ text: `<@${user.id}> ran \`/wk ${text}\`` }));
            }
            const event = commandToEvent(i, {
              id: options.newId(),
              receivedAt,
              ...(thread === undefined ? {} : { thread }),
            });
            await deliverToCommand(await run(event), token, event.conversation);
          } catch (err) {
            await deliverToCommand([refusal(err)], token, where ?? discordConversation('unknown'));
          }
        })(),
      );
      return;
    }
    if (i.type === InteractionType.Component) {
      await answer({ type: CallbackType.DeferredUpdate });
      track(
        (async () => {
          let where: Conversation = discordConversation(i.channel_id ?? 'unknown');
          try {
            where = interactionConversation(i);
            const event = componentToEvent(i, { id: options.newId(), receivedAt });
            if (event === undefined) {
              await deliverToClick(
                [{ text: 'That button is not one of Watchkeeper’s.', ephemeral: true }],
                token,
                where,
              );
              return;
            }
            await deliverToClick(await run(event), token, where);
          } catch (err) {
            await deliverToClick([refusal(err)], token, where);
          }
        })(),
      );
      return;
    }
    if (i.type === InteractionType.Autocomplete) return answer({ type: 8, data: { choices: [] } });
    await answer({
      type: CallbackType.Message,
      data: { content: 'Watchkeeper does not handle this interaction.', flags: EPHEMERAL },
    });
  };

  if (client !== undefined) {
    client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
      if (packet.t !== 'INTERACTION_CREATE') return;
      const receivedMs = performance.now();
      const d = packet.d as unknown as { id?: string; token?: string };
      const respond: InitialResponse = async (body) => {
        await rest.post(`/interactions/${d.id ?? '0'}/${d.token ?? '0'}/callback`, { body, auth: false });
      };
      track(handle(packet.d, respond, receivedMs));
    });
    client.on(Events.ShardReady, () => {
      gatewayState.ready = true;
      logger.info('Discord gateway ready', {
        reconnects: gatewayState.reconnects,
        resumes: gatewayState.resumes,
      });
    });
    client.on(Events.ShardResume, (_id, replayed) => {
      gatewayState.ready = true;
      gatewayState.resumes++;
      logger.info('Discord gateway session resumed', { replayed, resumes: gatewayState.resumes });
    });
    client.on(Events.ShardReconnecting, () => {
      gatewayState.ready = false;
      gatewayState.reconnects++;
      logger.warn('Discord gateway reconnecting', { reconnects: gatewayState.reconnects });
    });
    client.on(Events.ShardDisconnect, (event) => {
      gatewayState.ready = false;
      logger.error('Discord gateway disconnected for good', { code: event.code });
      onProblem('gateway', `disconnected (${event.code})`);
    });
    client.on(Events.ShardError, (error) => logger.warn('Discord gateway error', { error: error.message }));
    client.on(Events.Error, (error) => logger.warn('discord.js error', { error: error.message }));
  }

  const routes: HttpRoute[] =
    publicKey === undefined
      ? []
      : [
          {
            method: 'POST',
            path: '/discord/interactions',
            auth: 'none', // Discord signs every request with Ed25519; verified below
            maxBodyBytes: 256 * 1024,
            async handle(req): Promise<HttpReply> {
              const receivedMs = performance.now();
              const bad = checkSignature(
                publicKey,
                {
                  signature: req.headers['x-signature-ed25519'],
                  timestamp: req.headers['x-signature-timestamp'],
                },
                req.rawBody,
                options.clock.now().getTime(),
              );
              if (bad !== undefined) {
                logger.warn('Discord interaction with a bad signature refused', { reason: bad });
                return { status: 401, body: { error: 'invalid request signature' } };
              }
              let payload: unknown;
              try {
                payload = JSON.parse(req.rawBody.toString('utf8'));
              } catch {
                return { status: 400, body: { error: 'body is not JSON' } };
              }
              let reply: Record<string, unknown> | undefined;
              // the initial response is the HTTP answer itself; the work continues in the background
              await handle(payload, async (body) => void (reply = body), receivedMs);
              return reply === undefined ? { status: 202 } : { status: 200, body: reply };
            },
          },
        ];

  const registerCommands = async (): Promise<void> => {
    const route: `/${string}` =
      options.guildId === undefined
        ? `/applications/${options.applicationId}/commands`
        : `/applications/${options.applicationId}/guilds/${options.guildId}/commands`;
    try {
      await rest.put(route, { body: [buildWkCommand(options.skills)] });
      problems.delete('commands');
      logger.info('registered /wk', {
        scope: options.guildId === undefined ? 'global' : `guild ${options.guildId}`,
      });
    } catch (err) {
      onProblem('commands', `could not register /wk: ${(err as Error).message}`);
    }
  };

  const adapter: DiscordAdapter = {
    platform: DISCORD_PLATFORM,
    mode,
    routes: () => routes,

    async start(s) {
      sink = s;
      if (started) return;
      started = true;
      options.outbox.pruneInbound(
        'discord:',
        new Date(options.clock.now().getTime() - RECEIPT_TTL_MS).toISOString(),
      );
      outbox.start();
      if (options.token === undefined) {
        logger.warn(
          'Discord without DISCORD_TOKEN: interactions are answered, nothing is posted to channels',
        );
        return;
      }
      await registerCommands();
      if (client !== undefined) {
        const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
        try {
          await client.login(options.token);
          if (
            (await waitFor(
              ready.then(() => true),
              options.readyTimeoutMs ?? 15_000,
            )) !== true
          )
            onProblem('gateway', 'no READY from the gateway');
          else logger.info('Discord adapter started', { mode, user: client.user?.tag });
        } catch (err) {
          onProblem('gateway', `login failed: ${(err as Error).message}`);
        }
      } else logger.info('Discord adapter started', { mode });
    },

    async stop() {
      if (!started) return;
      started = false;
      sink = undefined;
      await inFlight.settle();
      await outbox.stop();
      if (client !== undefined) await client.destroy();
      gatewayState.ready = false;
    },

    async post(conversation, message): Promise<MessageRef> {
      const name =
        message.incidentId ??
        (message.approval === undefined ? undefined : `Approval ${message.approval.approvalId}`);
      const id = await postRaw(conversation, render(message), name);
      return {
        platform: DISCORD_PLATFORM,
        conversation: discordConversation(conversation.channel, conversation.thread),
        id,
      };
    },

    async update(ref, message) {
      const { done } = outbox.enqueue({
        kind: 'update',
        channel: ref.conversation.channel,
        ...(ref.conversation.thread === undefined ? {} : { thread: ref.conversation.thread }),
        id: ref.id,
        message: render(message),
      });
      await waitFor(done, options.postWaitMs ?? 10_000);
    },

    health() {
      const parts: string[] = [];
      if (mode === 'gateway' && options.token !== undefined)
        parts.push(
          `gateway ${gatewayState.ready ? 'ready' : 'not connected'}, ${gatewayState.reconnects} reconnects, ${gatewayState.resumes} resumes`,
        );
      for (const [scope, problem] of problems) parts.push(scope === '*' ? problem : `${problem} (${scope})`);
      const ok =
        problems.size === 0 && (mode !== 'gateway' || options.token === undefined || gatewayState.ready);
      return parts.length === 0 ? { ok } : { ok, detail: parts.join('; ') };
    },

    async idle() {
      await inFlight.settle();
      await outbox.idle();
      await inFlight.settle();
    },

    responseTimes: () => times,
  };
  return adapter;
}
