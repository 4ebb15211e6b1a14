import { readFileSync } from 'node:fs';
import type { HttpRoute } from '../../../src/core/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';

/** The dashboard's own files, served from `web/` (allowlist, like the console's). */
const TYPES: Readonly<Record<string, string>> = {
  'dashboard.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard-charts.js': 'text/javascript; charset=utf-8',
  'dashboard-playback.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * Chart.js's self-contained UMD build, read from node_modules at start: the dashboard works offline and
 * behind the strict CSP (no CDN). Resolved through the package entry because its `exports` hide `dist/`.
 */
function chartJs(): Buffer {
  return readFileSync(new URL('./chart.umd.min.js', import.meta.resolve('chart.js')));
}

/**
 * `GET /dashboard` and `GET /dashboard/assets/<file>` (auth `none`: the page holds no data; it reads
 * `/api/dashboard`, which needs the console token).
 */
export function createDashboardAssetRoutes(webDir: URL = new URL('./web/', import.meta.url)): HttpRoute[] {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const [name, type] of Object.entries(TYPES))
    files.set(name, { type, body: readFileSync(new URL(name, webDir)) });
  files.set('chart.umd.min.js', { type: 'text/javascript; charset=utf-8', body: chartJs() });
  const serve = (name: string) => {
    const file = files.get(name);
    if (file === undefined || name === 'dashboard.html')
      throw new WatchkeeperError('NOT_FOUND', `no dashboard asset ${name}`);
    return {
      status: 200,
      headers: { 'Content-Type': file.type, 'Cache-Control': 'no-cache' },
      body: file.body,
    };
  };
  const page = files.get('dashboard.html') as { type: string; body: Buffer };
  return [
    {
      method: 'GET',
      path: '/dashboard',
      auth: 'none',
      handle: async () => ({
        status: 200,
        headers: { 'Content-Type': page.type, 'Cache-Control': 'no-cache' },
        body: page.body,
      }),
    },
    {
      method: 'GET',
      path: '/dashboard/assets/:file',
      auth: 'none',
      handle: async (req) => serve(req.params['file'] ?? ''),
    },
  ];
}
