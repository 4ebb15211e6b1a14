import { readFileSync } from 'node:fs';
import type { HttpRoute } from '../../../src/core/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';

/**
 * The allowlist: the only files served (no directory listing, no other paths). The page's scripts are
 * native ES modules importing each other from `/assets/`, so each one needs its own entry here.
 */
const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'state.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'api.js': 'text/javascript; charset=utf-8',
  'feed.js': 'text/javascript; charset=utf-8',
  'panels.js': 'text/javascript; charset=utf-8',
  'service-map.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * `GET /` and `GET /assets/<file>` (auth `none`: the page holds no data; everything it shows comes
 * from token-guarded API routes). Files are read once, when the adapter is created.
 */
export function createStaticRoutes(webDir: URL = new URL('./web/', import.meta.url)): HttpRoute[] {
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(TYPES)) files.set(name, readFileSync(new URL(name, webDir)));
  const serve = (name: string) => ({
    status: 200,
    headers: { 'Content-Type': TYPES[name] as string, 'Cache-Control': 'no-cache' },
    body: files.get(name) as Buffer,
  });
  return [
    { method: 'GET', path: '/', auth: 'none', handle: async () => serve('index.html') },
    { method: 'GET', path: '/favicon.ico', auth: 'none', handle: async () => serve('favicon.svg') },
    {
      method: 'GET',
      path: '/assets/:file',
      auth: 'none',
      handle: async (req) => {
        const name = req.params['file'] ?? '';
        if (name === 'index.html' || !files.has(name))
          throw new WatchkeeperError('NOT_FOUND', `no asset ${name}`);
        return serve(name);
      },
    },
  ];
}
