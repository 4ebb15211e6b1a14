import type {
  ApprovalPrompt,
  ChatEvent,
  Clock,
  ErrorCode,
  HttpRoute,
  OutgoingMessage,
  SignalIntake,
} from '../../../src/core/index.js';
import { validate } from '../../../src/core/index.js';
import type { ConsoleFeed } from './console-feed.js';
import type { FeedEntry } from './feed-entry.js';
import { renderEntry } from './render.js';
import { commandStatus, voteStatus } from './reply-status.js';
import {
  approvalIdParam,
  commandBody,
  parseBody,
  requestUser,
  simulateBody,
  voteBody,
} from './request-schemas.js';
import { buildSimulatedAlert } from './simulated-alert.js';
import { consoleConversation, consolePrincipal, lineToEvent, voteToEvent } from './to-event.js';

/** One reply in a console API answer. */
export interface ConsoleReply {
  readonly id?: string;
  readonly text: string;
  readonly approval?: ApprovalPrompt;
  readonly incidentId?: string;
  readonly error?: { readonly code: ErrorCode };
}

/** Sends an event to the gateway; `echo` is the user's own line, shown in the feed first. */
export type Dispatch = (
  event: ChatEvent,
  echo?: FeedEntry,
) => Promise<{ immediate: readonly OutgoingMessage[]; replies: ConsoleReply[] }>;

export interface ConsoleRouteDeps {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly feed: ConsoleFeed;
  readonly dispatch: Dispatch;
  readonly intake?: SignalIntake;
}

const SMALL_BODY = 64 * 1024;

/** The console's JSON endpoints (auth `console`): feed, event stream, commands, votes, simulate. */
export function createConsoleRoutes(deps: ConsoleRouteDeps): HttpRoute[] {
  const { clock, newId, feed, dispatch } = deps;
  const routes: HttpRoute[] = [
    {
      method: 'GET',
      path: '/api/messages',
      auth: 'console',
      handle: async () => {
        const now = clock.now();
        return { status: 200, body: { messages: feed.list().map((e) => renderEntry(e, now)) } };
      },
    },
    {
      method: 'GET',
      path: '/api/events',
      auth: 'console',
      stream: (_req, { res }) => feed.subscribe(res),
    },
    {
      method: 'POST',
      path: '/api/commands',
      auth: 'console',
      maxBodyBytes: SMALL_BODY,
      handle: async (req) => {
        const body = parseBody(req, commandBody);
        const user = requestUser(req, body.user);
        const at = clock.now().toISOString();
        const ctx = {
          id: newId(),
          receivedAt: at,
          user,
          ...(body.thread !== undefined ? { thread: body.thread } : {}),
        };
        const echo: FeedEntry = {
          id: newId(),
          at,
          conversation: consoleConversation(body.thread),
          message: { text: body.text },
          from: consolePrincipal(user),
        };
        const { immediate, replies } = await dispatch(lineToEvent(body.text, ctx), echo);
        return { status: commandStatus(immediate), body: { replies } };
      },
    },
    {
      method: 'POST',
      path: '/api/approvals/:id/votes',
      auth: 'console',
      maxBodyBytes: SMALL_BODY,
      handle: async (req) => {
        const approvalId = validate(approvalIdParam, req.params['id'], 'approval id');
        const body = parseBody(req, voteBody);
        const user = requestUser(req, body.user);
        const vote = {
          approvalId,
          decision: body.decision,
          ...(body.token !== undefined ? { token: body.token } : {}),
          ...(body.secondFactor !== undefined ? { secondFactor: body.secondFactor } : {}),
        };
        const event = voteToEvent(vote, { id: newId(), receivedAt: clock.now().toISOString(), user });
        const { immediate, replies } = await dispatch(event);
        return { status: voteStatus(immediate), body: { replies } };
      },
    },
  ];
  const intake = deps.intake;
  if (intake) {
    routes.push({
      method: 'POST',
      path: '/api/simulate',
      auth: 'console',
      maxBodyBytes: SMALL_BODY,
      handle: async (req) => {
        const body = parseBody(req, simulateBody, true);
        const result = intake.ingest('alertmanager', buildSimulatedAlert(body, clock.now()));
        return { status: 202, body: { accepted: result.accepted, signals: result.signalIds } };
      },
    });
  }
  return routes;
}
