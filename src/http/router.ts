import type { HttpRoute } from '../core/index.js';
import { WatchkeeperError } from '../core/index.js';

/** Result of looking a request up: a route with its path parameters, or why there is none. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: HttpRoute; readonly params: Record<string, string> }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'method_not_allowed'; readonly allow: readonly string[] };

interface Compiled {
  readonly segments: readonly string[];
  readonly byMethod: Map<string, HttpRoute>;
}

/**
 * A small router: exact segments and `:param` segments, nothing else. Static paths resolve with one
 * Map lookup so the hook ingest hot path stays cheap.
 */
export class Router {
  private readonly exact = new Map<string, Map<string, HttpRoute>>();
  private readonly patterns: Compiled[] = [];

  constructor(routes: readonly HttpRoute[]) {
    for (const route of routes) this.add(route);
  }

  private add(route: HttpRoute): void {
    if (!route.path.startsWith('/'))
      throw new WatchkeeperError('CONFIG_INVALID', `route path must start with /: ${route.path}`);
    if (!route.handle && !route.stream)
      throw new WatchkeeperError('CONFIG_INVALID', `route ${route.method} ${route.path} has no handler`);
    const segments = split(route.path);
    const isStatic = segments.every((s) => !s.startsWith(':'));
    let byMethod: Map<string, HttpRoute> | undefined;
    if (isStatic) {
      const key = '/' + segments.join('/');
      byMethod = this.exact.get(key);
      if (!byMethod) this.exact.set(key, (byMethod = new Map()));
    } else {
      const found = this.patterns.find((p) => p.segments.join('/') === segments.join('/'));
      byMethod = found?.byMethod;
      if (!byMethod) this.patterns.push({ segments, byMethod: (byMethod = new Map()) });
    }
    if (byMethod.has(route.method))
      throw new WatchkeeperError('CONFIG_INVALID', `duplicate route ${route.method} ${route.path}`);
    byMethod.set(route.method, route);
  }

  /** Looks up `path` (without the query string). */
  match(method: string, path: string): RouteMatch {
    const segments = split(path);
    const staticHit = this.exact.get('/' + segments.join('/'));
    if (staticHit) return pick(staticHit, method, {});
    for (const pattern of this.patterns) {
      const params = matchSegments(pattern.segments, segments);
      if (params) return pick(pattern.byMethod, method, params);
    }
    return { kind: 'not_found' };
  }
}

function pick(byMethod: Map<string, HttpRoute>, method: string, params: Record<string, string>): RouteMatch {
  const route = byMethod.get(method);
  if (route) return { kind: 'found', route, params };
  return { kind: 'method_not_allowed', allow: [...byMethod.keys()].sort() };
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(a);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = value;
    } else if (p !== a) return undefined;
  }
  return params;
}
