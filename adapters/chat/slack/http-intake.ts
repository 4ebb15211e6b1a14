import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../../src/core/index.js';

/**
 * `POST /slack/events` without Bolt's HTTPReceiver: the request is verified (Slack's v0 HMAC signature,
 * 5-minute window, as Bolt checks it), answered 200 at once, and only then handed to Bolt's `App.processEvent`, the same
 * middleware and listeners the receiver would call. Every listener here acknowledges with no body
 * (replies go through `respond` or the Web API), so answering before Bolt runs changes nothing for
 * Slack; it keeps Bolt's per-request work, and ours, off the acknowledgement.
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export interface SlackHttpIntakeOptions {
  readonly signingSecret: string;
  readonly logger: Logger;
  /** Gets the verified event after the answer was sent. */
  readonly dispatch: (event: ReceiverEvent) => void;
  /** Epoch ms for the staleness check; default Date.now. */
  readonly nowMs?: () => number;
}

const FORM = 'application/x-www-form-urlencoded';

export function handleSlackRequest(
  o: SlackHttpIntakeOptions,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: Buffer,
): void {
  const text = rawBody.toString('utf8');
  const form = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === FORM;
  // Slack's TLS probe carries no signature (Bolt answers it the same way)
  if (form && /^ssl_check=1(&|$)/.test(text)) {
    res.writeHead(200).end();
    return;
  }
  if (!signedBySlack(o, req, text)) {
    o.logger.info('Slack request refused: signature not valid');
    res.writeHead(401).end();
    return;
  }
  let body: Record<string, unknown>;
  try {
    body = parseBody(text, form);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (body['type'] === 'url_verification') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ challenge: body['challenge'] }));
    return;
  }
  res.writeHead(200).end();
  const retryNum = headerInt(req.headers['x-slack-retry-num']);
  const retryReason = req.headers['x-slack-retry-reason'];
  o.dispatch({
    body,
    // already answered: a listener's ack() has nothing left to send
    ack: async () => undefined,
    ...(retryNum === undefined ? {} : { retryNum }),
    ...(typeof retryReason === 'string' ? { retryReason } : {}),
    customProperties: {},
  });
}

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing
 * secret, compared in constant time; a timestamp more than 5 minutes old is refused (as Bolt does).
 * Bolt's own `verifySlackRequest` does the same but compares through `tsscmp`, which hashes both sides
 * again with a fresh random key per request; `timingSafeEqual` gives the same guarantee for less CPU.
 */
function signedBySlack(o: SlackHttpIntakeOptions, req: IncomingMessage, body: string): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d+$/.test(timestamp))
    return false;
  const nowSec = Math.floor((o.nowMs?.() ?? Date.now()) / 1000);
  if (Number(timestamp) < nowSec - 5 * 60) return false;
  if (!signature.startsWith('v0=')) return false;
  const given = Buffer.from(signature.slice(3), 'hex');
  const ours = createHmac('sha256', o.signingSecret).update(`v0:${timestamp}:${body}`).digest();
  return given.length === ours.length && timingSafeEqual(given, ours);
}

/** Form bodies (slash commands; `payload=<json>` for interactivity) or JSON (Events API). */
function parseBody(text: string, form: boolean): Record<string, unknown> {
  if (!form) return JSON.parse(text) as Record<string, unknown>;
  const q = parseQuery(text);
  if (typeof q['payload'] === 'string') return JSON.parse(q['payload']) as Record<string, unknown>;
  return q as Record<string, unknown>;
}

function headerInt(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? undefined : n;
}

/** The Receiver Bolt's App needs in HTTP mode; requests come in through {@link handleSlackRequest}. */
export function routeReceiver(): Receiver {
  return {
    init: () => undefined,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}
