import { WatchkeeperError, type HttpRoute } from '../core/index.js';
import type { DashboardSnapshot } from './dashboard-snapshot.js';

/** One line of an incident's playback, as the timeline draws it. */
export interface PlaybackEntryView {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly actor: string;
  /** A person (`platform:user`) rather than the bot or a source. */
  readonly human: boolean;
  /** The line `watchkeeper playback` prints for this entry. */
  readonly line: string;
}

export interface PlaybackView {
  readonly incident: {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly severity: string;
  };
  readonly entries: readonly PlaybackEntryView[];
}

export interface DashboardRoutesOptions {
  readonly snapshot: () => DashboardSnapshot;
  /** The incident's playback (src/audit/playback.ts lines with their entries); undefined: no such incident. */
  readonly playback?: (incidentId: string) => PlaybackView | undefined;
}

/**
 * `GET /api/dashboard` and `GET /api/dashboard/playback/:id`: the dashboard's data, behind the console
 * token like every other data route. Computed on demand from in-memory counters and a few store reads.
 */
export function createDashboardRoutes(o: DashboardRoutesOptions): HttpRoute[] {
  const routes: HttpRoute[] = [
    {
      method: 'GET',
      path: '/api/dashboard',
      auth: 'console',
      handle: async () => ({ status: 200, headers: { 'Cache-Control': 'no-store' }, body: o.snapshot() }),
    },
  ];
  const playback = o.playback;
  if (playback !== undefined)
    routes.push({
      method: 'GET',
      path: '/api/dashboard/playback/:id',
      auth: 'console',
      handle: async (req) => {
        const id = (req.params['id'] ?? '').toUpperCase();
        const view = playback(id);
        if (view === undefined) throw new WatchkeeperError('NOT_FOUND', `no incident ${id}`);
        return { status: 200, body: view };
      },
    });
  return routes;
}
