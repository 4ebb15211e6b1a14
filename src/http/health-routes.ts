import type { Registry } from 'prom-client';
import type { HttpRoute } from '../core/index.js';

export interface HealthRoutesOptions {
  /** True once the store is open and start-up recovery has run. */
  readonly ready: () => boolean;
  readonly registry: Registry;
}

/**
 * Liveness, readiness and Prometheus metrics. All three are `auth: 'none'` on purpose: probes and
 * scrapers do not carry tokens, and none of them reveal incident data (only counters and process stats).
 */
export function createHealthRoutes(options: HealthRoutesOptions): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      auth: 'none',
      handle: async () => ({ status: 200, body: { status: 'ok' } }),
    },
    {
      method: 'GET',
      path: '/readyz',
      auth: 'none',
      handle: async () =>
        options.ready()
          ? { status: 200, body: { status: 'ready' } }
          : { status: 503, body: { status: 'starting' } },
    },
    {
      method: 'GET',
      path: '/metrics',
      auth: 'none',
      handle: async () => ({
        status: 200,
        headers: { 'Content-Type': options.registry.contentType },
        body: await options.registry.metrics(),
      }),
    },
  ];
}
