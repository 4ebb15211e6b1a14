import type { HttpRequest } from '../core/index.js';
import { ValidationError } from '../core/index.js';

/** Parses a JSON body; a parse failure is a 400 that carries the parser's own message. */
export function parseJsonBody(req: HttpRequest): unknown {
  const text = req.rawBody.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`invalid JSON: ${message}`, [{ path: '(body)', message }]);
  }
}
