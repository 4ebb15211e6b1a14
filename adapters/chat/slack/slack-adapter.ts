import { App, SocketModeReceiver, type Receiver, type ReceiverEvent } from '@slack/bolt';
import {
  WatchkeeperError,
  toWatchkeeperError,
  type ChatAdapter,
  type ChatEvent,
  type ChatEventSink,
  type Clock,
  type Conversation,
  type HttpRoute,
  type HttpRouteProvider,
  type Logger,
  type MessageRef,
  type OutboxRepository,
  type OutgoingMessage,
} from '../../../src/core/index.js';
import { boltLogger } from './bolt-logger.js';
import { escapeText, renderMessage, type SlackMessage } from './render.js';
import { OutboxDelivery, PROVISIONAL_PREFIX, type OutboxPayload, type SlackChatApi } from './slack-outbox.js';
import {
  APPROVE_ACTION,
  REJECT_ACTION,
  SLACK_PLATFORM,
  actionToEvent,
  commandToEvent,
  mentionToEvent,
  slackConversation,
} from './to-event.js';
import { AckFirstQueue } from '../shared/ack-first-queue.js';
import { InFlight, opensThread, waitFor } from '../shared/adapter-support.js';
import { handleSlackRequest, routeReceiver } from './http-intake.js';
import { ResponseUrlClient, type Respond } from './response-url.js';

export interface SlackAdapterOptions {
  readonly botToken: string;
  /** HTTP mode (`POST /slack/events` on the app's server) when set and `appToken` is not. */
  readonly signingSecret?: string;
  /** Socket Mode when set: no public URL needed. */
  readonly appToken?: string;
  /** Web API base URL (tests, GovSlack, proxies); default https://slack.com/api/. */
  readonly apiUrl?: string;
  readonly outbox: OutboxRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  /** Pacing and back-off of the outbox (see OutboxDelivery). */
  readonly delivery?: { minPostIntervalMs?: number; retryBaseMs?: number; retryMaxMs?: number };
  /** How long `post()` waits for Slack's `ts` before returning a provisional id; default 10 s. */
  readonly postWaitMs?: number;
  /** Socket Mode keep-alive timeouts, ms (tests). */
  readonly socket?: { clientPingTimeout?: number; serverPingTimeout?: number };
}

export interface SlackAdapter extends ChatAdapter, HttpRouteProvider {
  readonly mode: 'http' | 'socket';
  health(): { ok: boolean; detail?: string };
  /** Resolves when no inbound work is in flight and the outbox is empty (tests, shutdown). */
  idle(): Promise<void>;
}

interface ReplyTarget {
  readonly channel: string;
  readonly user: string;
  readonly thread?: string;
  readonly respond?: Respond;
}

/** How long inbound receipts are kept; Slack retries within about 5 minutes. */
const RECEIPT_TTL_MS = 60 * 60 * 1000;

/**
 * The Slack ChatAdapter on @slack/bolt. Commands and clicks are acknowledged at once (Bolt answers the
 * HTTP request, or the Socket Mode envelope, on `ack()`); the gateway runs afterwards and its replies
 * go back through `respond` (ephemeral where the gateway says so). Everything the bot posts or edits
 * goes through the durable outbox. In HTTP mode our route verifies the signature (Bolt's v0 HMAC check,
 * 5-minute window) and answers before Bolt runs (http-intake.ts).
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const logger = options.logger;
  const mode: 'http' | 'socket' = options.appToken !== undefined ? 'socket' : 'http';
  if (mode === 'http' && options.signingSecret === undefined)
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      'Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)',
    );
  const clientOptions = {
    ...(options.apiUrl === undefined ? {} : { slackApiUrl: options.apiUrl }),
    // the outbox owns retries (durably); the client reports 429s and errors at once
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
  const bolt = boltLogger(logger.child('bolt'));
  let receiver: Receiver;
  if (mode === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: options.appToken as string,
      logger: bolt,
      installerOptions: { clientOptions },
      ...(options.socket?.clientPingTimeout === undefined
        ? {}
        : { clientPingTimeout: options.socket.clientPingTimeout }),
      ...(options.socket?.serverPingTimeout === undefined
        ? {}
        : { serverPingTimeout: options.socket.serverPingTimeout }),
    });
  } else {
    // requests arrive through our route (see http-intake.ts), which acks before Bolt runs
    receiver = routeReceiver();
  }
  const app = new App({
    token: options.botToken,
    receiver,
    logger: bolt,
    clientOptions,
    deferInitialization: true,
    // no listener reads `context.conversation`; the store would cost a lookup per event
    convoStore: false,
  });
  const replies = new ResponseUrlClient();
  /** Our kept-alive `response_url` client when the payload has one, else Bolt's `respond`. */
  const respondTo = (url: unknown, bolt: unknown): Respond =>
    typeof url === 'string' && url !== '' ? replies.respond(url) : (bolt as Respond);

  const problems = new Map<string, string>();
  const onProblem = (scope: string, code: string | undefined): void => {
    if (code === undefined) problems.delete(scope);
    else {
      if (problems.get(scope) !== code) logger.error('Slack reported an error', { code, scope });
      problems.set(scope, code);
    }
  };
  const delivery = new OutboxDelivery({
    repo: options.outbox,
    api: app.client as unknown as SlackChatApi,
    clock: options.clock,
    logger: logger.child('outbox'),
    onProblem,
    ...options.delivery,
  });
  const now = (): string => options.clock.now().toISOString();
  let sink: ChatEventSink | undefined;
  let started = false;
  let initialized = false;
  const inFlight = new InFlight(logger, 'Slack event handling');
  /** Verified, acknowledged HTTP events waiting for Bolt (one started per event-loop turn). */
  const acked = new AckFirstQueue();
  const track = (work: Promise<void>): void => inFlight.track(work);

  /** True the first time a delivery is seen; Slack retries (`X-Slack-Retry-Num`, `retry_attempt`) repeat it. */
  const firstDelivery = (key: string | undefined, retryNum: number | undefined): boolean => {
    if (key === undefined) return true;
    const fresh = options.outbox.claimInbound(`slack:${key}`, now());
    if (!fresh) logger.info('ignoring a repeated Slack delivery', { key, retryNum });
    return fresh;
  };

  const enqueue = (payload: OutboxPayload) => delivery.enqueue(payload);

  const postRaw = async (channel: string, message: SlackMessage, thread?: string): Promise<string> => {
    const { id, done } = enqueue({
      kind: 'post',
      channel,
      text: message.text,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(thread === undefined ? {} : { thread_ts: thread }),
    });
    const ts = await waitFor(done, options.postWaitMs ?? 10_000);
    return ts ?? `${PROVISIONAL_PREFIX}${id}`;
  };

  /** Immediate replies: ephemeral ones only to the caller, the rest into the thread or the channel. */
  const deliver = async (replies: readonly OutgoingMessage[], to: ReplyTarget): Promise<void> => {
    for (const reply of replies) {
      const m = renderMessage(reply, options.clock.now());
      const rich = m.blocks === undefined ? {} : { blocks: m.blocks };
      if (reply.ephemeral === true) {
        if (to.respond !== undefined) {
          const ok = await to
            .respond({ text: m.text, ...rich, response_type: 'ephemeral', replace_original: false })
            .then(() => true)
            .catch((err: unknown) => {
              logger.warn('respond failed; sending through the Web API', { error: String(err) });
              return false;
            });
          if (ok) continue;
        }
        void enqueue({
          kind: 'ephemeral',
          channel: to.channel,
          user: to.user,
          text: m.text,
          ...rich,
          ...(to.thread === undefined ? {} : { thread_ts: to.thread }),
        }).done.catch(() => undefined);
        continue;
      }
      if (to.thread === undefined && to.respond !== undefined) {
        const ok = await to
          .respond({ text: m.text, ...rich, response_type: 'in_channel', replace_original: false })
          .then(() => true)
          .catch(() => false);
        if (ok) continue;
      }
      await postRaw(to.channel, m, to.thread).catch((err: unknown) =>
        logger.error('reply not delivered', { error: String(err) }),
      );
    }
  };

  const dispatch = async (event: ChatEvent, to: ReplyTarget): Promise<void> => {
    if (sink === undefined) {
      await deliver([{ text: 'Watchkeeper is starting; try again in a moment.', ephemeral: true }], to);
      return;
    }
    await deliver(await sink(event), to);
  };

  const refuse = async (err: unknown, to: ReplyTarget): Promise<void> => {
    const e = toWatchkeeperError(err);
    logger.warn('Slack payload refused', { code: e.code, error: e.message });
    await deliver(
      [
        {
          text:
            e.code === 'VALIDATION_FAILED'
              ? `That request is not valid: ${e.message}`
              : 'Something went wrong; the error was logged.',
          ephemeral: true,
          error: { code: e.code },
        },
      ],
      to,
    );
  };

  app.command(/.*/, async ({ command, ack, respond, context }) => {
    await ack();
    if (
      !firstDelivery(
        command.trigger_id === undefined ? undefined : `cmd:${command.trigger_id}`,
        context.retryNum,
      )
    )
      return;
    const to: ReplyTarget = {
      channel: command.channel_id,
      user: command.user_id,
      respond: respondTo(command.response_url, respond),
    };
    track(
      (async () => {
        const receivedAt = now();
        try {
          let thread: string | undefined;
          if (opensThread(command.text ?? '')) {
            thread = await postRaw(command.channel_id, {
              text: `<@${command.user_id}> ran \`${escapeText(`${command.command} ${command.text}`.trim())}\``,
            });
          }
          const event = commandToEvent(command, {
            id: options.newId(),
            receivedAt,
            ...(thread === undefined ? {} : { thread }),
          });
          await dispatch(event, { ...to, ...(thread === undefined ? {} : { thread }) });
        } catch (err) {
          await refuse(err, to);
        }
      })(),
    );
  });

  app.action(
    { action_id: new RegExp(`^(${APPROVE_ACTION}|${REJECT_ACTION})$`) },
    async ({ body, ack, respond, context }) => {
      await ack();
      const b = body as {
        trigger_id?: string;
        user?: { id?: string };
        channel?: { id?: string };
        container?: { channel_id?: string };
        message?: { thread_ts?: string };
      };
      if (!firstDelivery(b.trigger_id === undefined ? undefined : `act:${b.trigger_id}`, context.retryNum))
        return;
      const channel = b.container?.channel_id ?? b.channel?.id ?? '';
      const thread = b.message?.thread_ts;
      const to: ReplyTarget = {
        channel,
        user: b.user?.id ?? '',
        ...(thread === undefined ? {} : { thread }),
        respond: respondTo((body as { response_url?: unknown }).response_url, respond),
      };
      track(
        (async () => {
          try {
            const event = actionToEvent(body, { id: options.newId(), receivedAt: now() });
            if (event !== undefined) await dispatch(event, to);
          } catch (err) {
            await refuse(err, to);
          }
        })(),
      );
    },
  );

  app.event('app_mention', async ({ event, body, context }) => {
    const envelope = body as { event_id?: string; team_id?: string };
    if (
      !firstDelivery(
        envelope.event_id === undefined ? undefined : `event:${envelope.event_id}`,
        context.retryNum,
      )
    )
      return;
    const e = event as { channel: string; user?: string; ts: string; thread_ts?: string };
    const to: ReplyTarget = { channel: e.channel, user: e.user ?? '', thread: e.thread_ts ?? e.ts };
    track(
      (async () => {
        try {
          await dispatch(
            mentionToEvent(event, envelope.team_id ?? 'unknown', { id: options.newId(), receivedAt: now() }),
            to,
          );
        } catch (err) {
          await refuse(err, to);
        }
      })(),
    );
  });

  app.error(async (err) => {
    logger.error('Slack listener error', { code: (err as { code?: string }).code, error: err.message });
  });

  const intake = {
    signingSecret: options.signingSecret ?? '',
    logger,
    dispatch: (event: ReceiverEvent) =>
      acked.push(() =>
        inFlight.track(
          app.processEvent(event).catch((err: unknown) => {
            logger.error('Slack event processing failed', { error: String(err) });
          }),
        ),
      ),
  };
  const routes: HttpRoute[] =
    mode === 'socket'
      ? []
      : [
          {
            method: 'POST',
            path: '/slack/events',
            auth: 'none', // Slack signs its requests; the intake verifies the v0 signature
            stream(request, raw) {
              if (!initialized) {
                raw.res.writeHead(503, { 'Retry-After': '5' }).end();
                return;
              }
              handleSlackRequest(intake, raw.req, raw.res, request.rawBody);
            },
          },
        ];

  const adapter: SlackAdapter = {
    platform: SLACK_PLATFORM,
    mode,
    routes: () => routes,

    async start(s) {
      sink = s;
      if (started) return;
      started = true;
      options.outbox.pruneInbound(
        'slack:',
        new Date(options.clock.now().getTime() - RECEIPT_TTL_MS).toISOString(),
      );
      delivery.start();
      try {
        await app.init(); // auth.test: proves the bot token
        initialized = true;
        if (mode === 'socket') await app.start();
        problems.delete('*');
        logger.info('Slack adapter started', { mode });
      } catch (err) {
        const code = slackErrorCode(err);
        onProblem('*', code);
        logger.error('Slack adapter could not start', { mode, code });
      }
    },

    async stop() {
      if (!started) return;
      started = false;
      if (mode === 'socket' && initialized) await app.stop().catch(() => undefined);
      await acked.drained(); // acknowledged events are handled, not dropped
      sink = undefined;
      await inFlight.settle();
      await delivery.stop();
      replies.close();
    },

    async post(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
      const id = await postRaw(
        conversation.channel,
        renderMessage(message, options.clock.now()),
        conversation.thread,
      );
      return {
        platform: SLACK_PLATFORM,
        conversation: slackConversation(conversation.channel, conversation.thread),
        id,
      };
    },

    async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      const m = renderMessage(message, options.clock.now());
      const { done } = enqueue({
        kind: 'update',
        channel: ref.conversation.channel,
        ts: ref.id,
        text: m.text,
        ...(m.blocks === undefined ? {} : { blocks: m.blocks }),
      });
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
      await acked.drained();
      await inFlight.settle();
      await delivery.idle();
      await acked.drained();
      await inFlight.settle();
    },
  };
  return adapter;
}

/** Settles with the result, or with `undefined` if it takes longer than `ms` (it still completes later). */

function slackErrorCode(err: unknown): string {
  const e = err as {
    code?: string;
    data?: { error?: string };
    original?: { data?: { error?: string } };
    message?: string;
  };
  return (
    e.data?.error ??
    e.original?.data?.error ??
    /An API error occurred: (\w+)/.exec(e.message ?? '')?.[1] ??
    e.code ??
    'unknown_error'
  );
}
