/**
 * The operations skill's real backends (Kubernetes, Prometheus, Alertmanager, GitHub, flags), chosen by config.
 * Part of the composition root (src/app.ts): it may import across modules.
 */
import { createAlertmanagerTools } from '../../adapters/tools/alertmanager/index.js';
import { createFeatureFlagTools } from '../../adapters/tools/feature-flags/index.js';
import { createGithubActionsTools } from '../../adapters/tools/github-actions/index.js';
import { createKubernetesReadTools, createKubernetesTools } from '../../adapters/tools/kubernetes/index.js';
import { createPrometheusTools } from '../../adapters/tools/prometheus/index.js';
import type { ServiceMap } from '../../skills/operations/index.js';
import { type ErrorRatioQuery } from '../../skills/operations/index.js';
import { type AppConfig } from '../config/index.js';
import { WatchkeeperError, systemClock, type Logger, type Tool } from '../core/index.js';

/**
 * The real operations backends that are configured (Kubernetes, Prometheus, Alertmanager, GitHub Actions,
 * a flag API), each behind the same Tool shape, and which of them the ops runbooks act on.
 */
export function operationsBackends(config: AppConfig, serviceMap: ServiceMap) {
  const raw = config.raw;
  const environment = raw.WATCHKEEPER_OPS_ENVIRONMENT;
  const api = (baseUrl: string, token?: string) => ({
    baseUrl,
    ...(token === undefined ? {} : { token }),
    timeoutMs: config.executor.timeoutMs,
    retries: 2,
  });
  const kubernetes =
    raw.WATCHKEEPER_OPS_BACKEND === 'kubernetes' &&
    raw.KUBERNETES_API_URL !== undefined &&
    raw.KUBERNETES_TOKEN !== undefined;
  if (raw.WATCHKEEPER_OPS_BACKEND === 'kubernetes' && !kubernetes)
    throw new WatchkeeperError(
      'CONFIG_INVALID',
      'WATCHKEEPER_OPS_BACKEND=kubernetes needs KUBERNETES_API_URL and KUBERNETES_TOKEN',
    );
  const k8s = {
    api: api(raw.KUBERNETES_API_URL ?? '', raw.KUBERNETES_TOKEN),
    namespace: raw.KUBERNETES_NAMESPACE,
    environment,
  };
  const tools: Tool[] = [
    ...(kubernetes ? [...createKubernetesTools(k8s), ...createKubernetesReadTools(k8s)] : []),
    ...(raw.PROMETHEUS_URL === undefined
      ? []
      : createPrometheusTools({ api: api(raw.PROMETHEUS_URL), environment })),
    ...(raw.ALERTMANAGER_URL === undefined
      ? []
      : createAlertmanagerTools({ api: api(raw.ALERTMANAGER_URL), environment })),
    ...(raw.GITHUB_TOKEN === undefined
      ? []
      : createGithubActionsTools({
          api: api(raw.GITHUB_API_URL ?? 'https://api.github.com', raw.GITHUB_TOKEN),
          environment,
          serviceOf: (repo) => serviceMap.serviceForRepo(repo),
        })),
    ...(raw.FLAGS_API_URL === undefined
      ? []
      : createFeatureFlagTools({ api: api(raw.FLAGS_API_URL, raw.FLAGS_API_TOKEN), environment })),
  ];
  // SLO error ratios from Prometheus: `$service` and `$window` are filled in (PromQL range like `3600s`).
  const query = tools.find((t) => t.name === 'prometheus.query');
  const template =
    raw.WATCHKEEPER_SLO_ERROR_QUERY ??
    'sum(rate(http_requests_total{service="$service",code=~"5.."}[$window])) / sum(rate(http_requests_total{service="$service"}[$window]))';
  const errorRatio: ErrorRatioQuery | undefined =
    query === undefined
      ? undefined
      : async (service, seconds) => {
          const expr = template.replaceAll('$service', service).replaceAll('$window', `${seconds}s`);
          const result = await query.run(query.input.parse({ query: expr }), {
            idempotencyKey: `slo:${service}:${seconds}`,
            signal: AbortSignal.timeout(config.executor.timeoutMs),
            logger: silentToolLogger,
            clock: systemClock,
          });
          const first = (result.data as { result?: { value?: [number, string] }[] } | undefined)?.result?.[0];
          const v = Number(first?.value?.[1]);
          return Number.isFinite(v) ? v : undefined;
        };
  return {
    tools,
    ...(errorRatio === undefined ? {} : { errorRatio }),
    backend: {
      workloads: kubernetes ? ('kubernetes' as const) : ('sandbox' as const),
      silences: raw.ALERTMANAGER_URL === undefined ? ('sandbox' as const) : ('alertmanager' as const),
    },
  };
}

/** SLO reads are not tool steps (no orchestrator run), so they log nothing of their own. */
const silentToolLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentToolLogger,
};
