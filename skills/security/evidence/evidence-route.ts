import { ValidationError } from '../../../src/core/index.js';
import type { HttpRoute } from '../../../src/core/index.js';
import type { EvidenceService } from './create-evidence-service.js';

/** Console user names as the console adapter accepts them; anything else is refused, not trusted. */
const USER = /^[a-z0-9._-]{1,32}$/;

/**
 * `GET /api/incidents/:id/evidence[?format=md]` (auth console): exports the incident's evidence bundle
 * as JSON (default) or Markdown, recording its hash in the ledger like the chat command does.
 */
export function createEvidenceRoute(service: EvidenceService): HttpRoute {
  return {
    method: 'GET',
    path: '/api/incidents/:id/evidence',
    auth: 'console',
    handle: async (req) => {
      const format = req.query.get('format') ?? 'json';
      if (format !== 'json' && format !== 'md') {
        throw new ValidationError('invalid query', [{ path: 'format', message: 'expected json or md' }]);
      }
      const user = req.headers['x-watchkeeper-user'] ?? 'operator';
      if (!USER.test(user)) {
        throw new ValidationError('invalid X-Watchkeeper-User header', [
          { path: 'x-watchkeeper-user', message: 'user must match [a-z0-9._-]{1,32}' },
        ]);
      }
      const out = service.exportBundle(req.params['id'] ?? '', `console:${user}`);
      const name = `evidence-${out.bundle.incident.id}`;
      return format === 'md'
        ? {
            status: 200,
            headers: {
              'content-type': 'text/markdown; charset=utf-8',
              'content-disposition': `attachment; filename="${name}.md"`,
            },
            body: out.markdown,
          }
        : {
            status: 200,
            headers: {
              'content-type': 'application/json; charset=utf-8',
              'content-disposition': `attachment; filename="${name}.json"`,
            },
            body: out.json,
          };
    },
  };
}
