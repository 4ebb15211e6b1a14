import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError, WatchkeeperError } from '../../../src/core/index.js';
import type { HttpRoute, SignalIntake } from '../../../src/core/index.js';
import { JIRA_SOURCE_ID } from './create-jira-source.js';

export interface JiraHookRouteOptions {
  readonly intake: SignalIntake;
  /** `JIRA_WEBHOOK_SECRET`: the webhook's secret. Absent → the route uses the usual hook token. */
  readonly secret?: string;
}

/**
 * `POST /hooks/jira`. With a secret, a request passes when it carries either Jira Cloud's
 * `X-Hub-Signature: sha256=<HMAC-SHA256 of the body>` (webhooks registered with a secret in Jira
 * admin), or `?token=<secret>` in the URL (Jira Automation "send web request" and older Jira, which
 * cannot sign). Either is compared in constant time; anything else is 401 and nothing is stored.
 * @see https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks
 */
export function createJiraHookRoute(o: JiraHookRouteOptions): HttpRoute {
  const secret = o.secret;
  return {
    method: 'POST',
    path: `/hooks/${JIRA_SOURCE_ID}`,
    auth: secret === undefined ? 'hook' : 'none',
    handle: async (req) => {
      if (secret !== undefined && !verified(secret, req.rawBody, req.headers, req.query)) {
        throw new WatchkeeperError('UNAUTHORIZED', 'Jira webhook signature or token missing or wrong');
      }
      let body: unknown;
      try {
        body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new ValidationError(`invalid JSON: ${message}`, [{ path: '(body)', message }]);
      }
      const result = await o.intake.accept(JIRA_SOURCE_ID, body);
      return { status: 202, body: { accepted: result.accepted, signals: result.signalIds } };
    },
  };
}

/** True when the body's HMAC or the URL token matches the secret. */
export function verified(
  secret: string,
  rawBody: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
  query: URLSearchParams,
): boolean {
  const signature = headers['x-hub-signature'];
  if (signature !== undefined && signature.startsWith('sha256=')) {
    const expected = createHmac('sha256', secret).update(rawBody).digest('hex');
    if (same(signature.slice('sha256='.length), expected)) return true;
  }
  const token = query.get('token');
  return token !== null && same(token, secret);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
