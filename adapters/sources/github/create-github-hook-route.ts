import { ValidationError, WatchkeeperError } from '../../../src/core/index.js';
import type { HttpRoute, SignalIntake } from '../../../src/core/index.js';
import { GITHUB_EVENTS, GITHUB_SOURCE_ID } from './create-github-source.js';
import { verifyGithubSignature } from './verify-github-signature.js';

export interface GithubHookRouteOptions {
  readonly intake: SignalIntake;
  /** `GITHUB_WEBHOOK_SECRET`; without it every delivery is refused (fail closed). */
  readonly secret: string | undefined;
}

/**
 * `POST /hooks/github` (auth `none`: GitHub signs instead of sending a bearer token). Order: signature
 * (401), then the event (`ping` and unhandled events → 202 with `accepted: 0`), then JSON and payload
 * validation through the intake (400 with reasons, nothing stored), then 202 once committed.
 */
export function createGithubHookRoute(o: GithubHookRouteOptions): HttpRoute {
  return {
    method: 'POST',
    path: '/hooks/github',
    auth: 'none',
    maxBodyBytes: 25 * 1024 * 1024, // GitHub caps payloads at 25 MB
    handle: async (req) => {
      if (o.secret === undefined)
        throw new WatchkeeperError(
          'UNAUTHORIZED',
          'GITHUB_WEBHOOK_SECRET is not set; GitHub deliveries are refused',
        );
      if (!verifyGithubSignature(o.secret, req.rawBody, req.headers['x-hub-signature-256']))
        throw new WatchkeeperError('UNAUTHORIZED', 'bad or missing X-Hub-Signature-256');
      const event = req.headers['x-github-event'] ?? '';
      const delivery = req.headers['x-github-delivery'];
      if (!(GITHUB_EVENTS as readonly string[]).includes(event)) {
        return {
          status: 202,
          body: { accepted: 0, signals: [], ignored: event === '' ? 'no event' : event },
        };
      }
      let payload: unknown;
      try {
        payload = JSON.parse(req.rawBody.toString('utf8')) as unknown;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new ValidationError(`invalid JSON: ${message}`, [{ path: '(body)', message }]);
      }
      const result = o.intake.ingest(GITHUB_SOURCE_ID, {
        event,
        ...(delivery === undefined ? {} : { delivery }),
        payload,
      });
      return { status: 202, body: { accepted: result.accepted, signals: result.signalIds } };
    },
  };
}
