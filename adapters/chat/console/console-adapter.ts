import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  ChatAdapter,
  ChatEvent,
  ChatEventSink,
  Clock,
  Conversation,
  HttpRoute,
  HttpRouteProvider,
  Logger,
  MessageRef,
  OutgoingMessage,
  SignalIntake,
} from '../../../src/core/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';
import { ConsoleFeed } from './console-feed.js';
import { createConsoleRoutes } from './console-routes.js';
import type { ConsoleReply, Dispatch } from './console-routes.js';
import { CONSOLE_PLATFORM } from './feed-entry.js';
import type { FeedEntry } from './feed-entry.js';
import { renderEntry } from './render.js';
import { createStaticRoutes } from './static-assets.js';

export interface ConsoleAdapterOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newId: () => string;
  /** Enables `POST /api/simulate`. */
  readonly intake?: SignalIntake;
  /** Feed entries kept in memory (default 500). */
  readonly history?: number;
}

/** Messages posted or updated while one request is being handled by the sink. */
interface Collector {
  open: boolean;
  readonly entries: Map<string, FeedEntry>;
}

/**
 * The web console as a ChatAdapter, so console commands take the same gateway path as Slack or
 * Matrix. It also serves its page, assets, feed, event stream and command/vote/simulate endpoints.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ChatAdapter & HttpRouteProvider {
  const { clock, newId } = options;
  const logger = options.logger.child('console');
  const feed = new ConsoleFeed(options.history ?? 500, (entry) => renderEntry(entry, clock.now()));
  const collectors = new AsyncLocalStorage<Collector>();
  let sink: ChatEventSink | undefined;

  const collect = (entry: FeedEntry): void => {
    const collector = collectors.getStore();
    if (collector?.open) collector.entries.set(entry.id, entry);
  };

  /**
   * Hands an event to the gateway and gathers its answer: the immediate replies plus every message
   * posted (or updated) to the console while the sink ran. Attribution follows the async context of
   * this request, so a concurrent alert's messages do not leak into someone's command replies.
   */
  const dispatch: Dispatch = async (event: ChatEvent, echo?: FeedEntry) => {
    const current = sink;
    if (!current) throw new WatchkeeperError('INTERNAL', 'the console adapter is not started');
    if (echo) feed.append(echo);
    const collector: Collector = { open: true, entries: new Map() };
    let immediate: readonly OutgoingMessage[];
    try {
      immediate = await collectors.run(collector, () => current(event));
    } finally {
      collector.open = false;
    }
    const replies: ConsoleReply[] = [];
    for (const message of immediate) {
      const entry: FeedEntry = {
        id: newId(),
        at: clock.now().toISOString(),
        conversation: event.conversation,
        message,
      };
      // A private reply (2FA enrolment) goes back to the caller's HTTP response only, never the feed.
      if (message.private !== true) feed.append(entry);
      replies.push(toReply(entry));
    }
    for (const entry of collector.entries.values()) replies.push(toReply(entry));
    logger.debug('event handled', { kind: event.kind, principal: event.principal, replies: replies.length });
    return { immediate, replies };
  };

  const routes: HttpRoute[] = [
    ...createStaticRoutes(),
    ...createConsoleRoutes({
      clock,
      newId,
      feed,
      dispatch,
      ...(options.intake !== undefined ? { intake: options.intake } : {}),
    }),
  ];

  return {
    platform: CONSOLE_PLATFORM,
    start: async (s) => {
      sink = s;
    },
    stop: async () => {
      sink = undefined;
      feed.close();
    },
    post: async (conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> => {
      const entry: FeedEntry = { id: newId(), at: clock.now().toISOString(), conversation, message };
      feed.append(entry);
      collect(entry);
      return { platform: CONSOLE_PLATFORM, conversation, id: entry.id };
    },
    update: async (ref: MessageRef, message: OutgoingMessage): Promise<void> => {
      if (ref.platform !== CONSOLE_PLATFORM)
        throw new WatchkeeperError('VALIDATION_FAILED', `not a console message: ${ref.platform}`);
      const old = feed.get(ref.id);
      const entry: FeedEntry = {
        id: ref.id,
        at: old?.at ?? clock.now().toISOString(),
        conversation: old?.conversation ?? ref.conversation,
        message,
      };
      feed.replace(entry);
      collect(entry);
    },
    routes: () => routes,
  };
}

function toReply(entry: FeedEntry): ConsoleReply {
  const m = entry.message;
  return {
    id: entry.id,
    text: m.text,
    ...(m.approval !== undefined ? { approval: m.approval } : {}),
    ...(m.incidentId !== undefined ? { incidentId: m.incidentId } : {}),
    ...(m.error !== undefined ? { error: m.error } : {}),
  };
}
