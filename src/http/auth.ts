import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HttpRoute } from '../core/index.js';

/** Tokens configured for the server; an absent token leaves its routes open. */
export interface AuthTokens {
  readonly consoleToken?: string;
  readonly hookToken?: string;
}

/**
 * Whether a request may reach its route. Console routes also accept `?token=` because a browser's
 * EventSource cannot set headers; hook routes accept only the Authorization header.
 */
export function isAuthorized(
  auth: HttpRoute['auth'],
  req: IncomingMessage,
  query: URLSearchParams,
  tokens: AuthTokens,
): boolean {
  if (auth === 'none') return true;
  const expected = auth === 'console' ? tokens.consoleToken : tokens.hookToken;
  if (expected === undefined || expected === '') return true;
  const presented = bearerOf(req.headers.authorization) ?? (auth === 'console' ? query.get('token') : null);
  return presented !== null && presented !== undefined && safeEqual(presented, expected);
}

function bearerOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

/** Constant-time comparison: both sides are hashed first so lengths leak nothing either. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
