import { z } from 'zod';
import type { HttpRequest } from '../../../src/core/index.js';
import { ValidationError, validate } from '../../../src/core/index.js';

/** Console user names: short, lower-case, safe in a principal id (`console:<user>`). */
export const userName = z.string().regex(/^[a-z0-9._-]{1,32}$/, 'user must match [a-z0-9._-]{1,32}');

export const commandBody = z.object({
  text: z.string().trim().min(1, 'text must not be empty').max(4000),
  user: userName.optional(),
  /** Incident id to answer in, when the line is typed in an incident thread. */
  thread: z.string().min(1).max(128).optional(),
});

export const voteBody = z.object({
  decision: z.enum(['approve', 'reject']),
  token: z.string().min(1).max(1024).optional(),
  secondFactor: z.string().min(1).max(64).optional(),
  user: userName.optional(),
});

export const simulateBody = z.object({
  alertname: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'alertname must be a Prometheus metric-style name')
    .default('HighErrorRate'),
  service: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'service must match [a-z0-9][a-z0-9._-]{0,62}')
    .default('checkout-api'),
  severity: z.enum(['info', 'warning', 'error', 'critical']).default('critical'),
});

export const approvalIdParam = z.string().min(1).max(128);

/** Parses a JSON body against a schema; bad JSON and bad fields are both 400 VALIDATION_FAILED. */
export function parseBody<S extends z.ZodType>(req: HttpRequest, schema: S, allowEmpty = false): z.output<S> {
  const text = req.rawBody.toString('utf8');
  let value: unknown;
  if (allowEmpty && text.trim() === '') value = {};
  else {
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ValidationError(`invalid JSON: ${message}`, [{ path: '(body)', message }]);
    }
  }
  return validate(schema, value, 'request body');
}

/**
 * Who is asking: body `user`, else the `X-Watchkeeper-User` header, else `operator`. Console users
 * are trusted holders of the console token (which is why binding beyond loopback requires one):
 * the name is taken at its word, and the policy still decides what that principal may do.
 */
export function requestUser(req: HttpRequest, bodyUser: string | undefined): string {
  if (bodyUser !== undefined) return bodyUser;
  const header = req.headers['x-watchkeeper-user'];
  if (header === undefined || header === '') return 'operator';
  const parsed = userName.safeParse(header);
  if (!parsed.success)
    throw new ValidationError('invalid X-Watchkeeper-User header', [
      { path: 'x-watchkeeper-user', message: 'user must match [a-z0-9._-]{1,32}' },
    ]);
  return parsed.data;
}
