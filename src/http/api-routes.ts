import { z } from 'zod';
import type { ConsoleQueries, HttpRequest, HttpRoute } from '../core/index.js';
import { WatchkeeperError, validate } from '../core/index.js';

export interface ApiRoutesOptions {
  readonly queries: ConsoleQueries;
}

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

const incidentsQuery = z.object({
  status: z.enum(['open', 'mitigated', 'resolved']).optional(),
  limit: limit(500, 50),
});
const approvalsQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'expired']).optional(),
  limit: limit(500, 50),
});
const auditQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: limit(1000, 100),
});

/**
 * The operators' read API (auth `console`), also used by the web console. Lists are wrapped in an
 * object (`{incidents: [...]}`) so fields can be added without breaking clients.
 */
export function createApiRoutes(options: ApiRoutesOptions): HttpRoute[] {
  const { queries } = options;
  return [
    {
      method: 'GET',
      path: '/api/incidents',
      auth: 'console',
      handle: async (req) => {
        const q = validate(incidentsQuery, queryObject(req), 'query');
        const filter = q.status !== undefined ? { status: q.status, limit: q.limit } : { limit: q.limit };
        return { status: 200, body: { incidents: queries.incidents(filter) } };
      },
    },
    {
      method: 'GET',
      path: '/api/incidents/:id',
      auth: 'console',
      handle: async (req) => {
        const id = req.params['id'] ?? '';
        const detail = queries.incident(id);
        if (!detail) throw new WatchkeeperError('NOT_FOUND', `no incident ${id}`);
        return { status: 200, body: detail };
      },
    },
    {
      method: 'GET',
      path: '/api/approvals',
      auth: 'console',
      handle: async (req) => {
        const q = validate(approvalsQuery, queryObject(req), 'query');
        const filter = q.status !== undefined ? { status: q.status, limit: q.limit } : { limit: q.limit };
        return { status: 200, body: { approvals: queries.approvals(filter) } };
      },
    },
    {
      method: 'GET',
      path: '/api/audit',
      auth: 'console',
      handle: async (req) => {
        const q = validate(auditQuery, queryObject(req), 'query');
        return { status: 200, body: { entries: queries.audit(q.after, q.limit) } };
      },
    },
    {
      method: 'GET',
      path: '/api/audit/verify',
      auth: 'console',
      handle: async () => ({ status: 200, body: queries.verifyAudit() }),
    },
  ];
}

/** Query parameters as a plain object; `token` (console auth) is not a filter and is left out. */
function queryObject(req: HttpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.query) if (k !== 'token') out[k] = v;
  return out;
}
