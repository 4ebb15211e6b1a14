import type { Registry } from 'prom-client';
import type { HttpRoute } from '../core/index.js';

export interface HealthRoutesOptions {
  /** True once the store is open and start-up recovery has run. */
  readonly ready: () => boolean;
  readonly registry: Registry;
  /** Health of parts that can fail after start (chat adapters); any `ok: false` makes /readyz 503. */
  readonly checks?: () => Readonly<Record<string, { ok: boolean; detail?: string }>>;
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
      handle: async () => {
        if (!options.ready()) return { status: 503, body: { status: 'starting' } };
        const checks = options.checks?.() ?? {};
        const failing = Object.values(checks).some((c) => !c.ok);
        return failing
          ? { status: 503, body: { status: 'degraded', checks } }
          : { status: 200, body: { status: 'ready', ...(Object.keys(checks).length > 0 ? { checks } : {}) } };
      },
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
