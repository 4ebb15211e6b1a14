import type { Clock, SignalDraft, SignalSource } from '../../../src/core/index.js';
import type { ServiceMap } from './service-map.js';

/**
 * Wraps a source so the service map learns from every signal it parses: a `service` label is added when
 * the `job`/`namespace` labels identify a declared service, services the map does not declare are recorded
 * as observed, CD deploy signals go into the deploy history, and resolutions are timed for flap suppression.
 * Parsing stays the source's: invalid payloads still throw before anything is learnt.
 */
export function observeSignals(source: SignalSource, map: ServiceMap, clock: Clock): SignalSource {
  return {
    id: source.id,
    parse: (body) => source.parse(body).map((draft) => learn(map, enrich(map, draft), clock)),
  };
}

/** A deploy this long before an alert on the same service is its suspect (labels `suspect_deploy*`). */
export const SUSPECT_DEPLOY_WINDOW_MS = 2 * 60 * 60 * 1000;

function enrich(map: ServiceMap, draft: SignalDraft): SignalDraft {
  const service = draft.labels['service'] ?? map.resolve(draft.labels);
  if (service === undefined) return draft;
  const labels: Record<string, string> = { ...draft.labels, service };
  // Correlation: the newest CD deploy of this service shortly before the alert started is named on it,
  // so the incident, subscriptions and playbooks can see "this followed deploy X".
  if (draft.kind === 'alert' && labels['suspect_deploy'] === undefined) {
    const at = Date.parse(draft.startsAt);
    const suspect = map.changes.deploys(service).find((d) => {
      const t = Date.parse(d.at);
      return t <= at + 60_000 && at - t <= SUSPECT_DEPLOY_WINDOW_MS;
    });
    if (suspect !== undefined) {
      labels['suspect_deploy'] = suspect.version;
      labels['suspect_deploy_status'] = suspect.status;
    }
  }
  return { ...draft, labels };
}

function learn(map: ServiceMap, draft: SignalDraft, clock: Clock): SignalDraft {
  const now = clock.now().toISOString();
  const labels = draft.labels;
  const service = labels['service'];
  if (draft.kind === 'deploy' && service !== undefined) {
    map.changes.recordDeploy({
      service,
      version: labels['version'] ?? labels['sha']?.slice(0, 7) ?? 'unknown',
      at: draft.startsAt,
      by: labels['actor'] ?? draft.source,
      status: labels['status'] ?? 'unknown',
      source: draft.source,
      ...(labels['environment'] === undefined ? {} : { environment: labels['environment'] }),
      ...(draft.annotations['url'] === undefined ? {} : { url: draft.annotations['url'] }),
    });
  }
  if (draft.kind === 'alert') {
    if (service !== undefined && !map.declares(service)) {
      map.changes.observe({
        service,
        lastSeen: now,
        ...(labels['namespace'] === undefined ? {} : { namespace: labels['namespace'] }),
        ...(labels['job'] === undefined ? {} : { job: labels['job'] }),
        ...(labels['alertname'] === undefined ? {} : { alertname: labels['alertname'] }),
      });
    }
    if (draft.status === 'resolved') map.changes.recordResolved(draft.groupKey, now);
    const ratio = errorRatioOf(draft);
    if (service !== undefined && ratio !== undefined && draft.status === 'firing')
      map.changes.recordErrorRatio(service, ratio, draft.startsAt);
  }
  return draft;
}

/**
 * The error ratio an alert carries, as a label or annotation `error_ratio` (0..1, or a percentage such
 * as `7.9%`): what SLO burn rates are computed from when no Prometheus is configured.
 */
function errorRatioOf(draft: SignalDraft): number | undefined {
  const raw = draft.labels['error_ratio'] ?? draft.annotations['error_ratio'];
  if (raw === undefined) return undefined;
  const percent = raw.trim().endsWith('%');
  const n = Number(raw.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ratio = percent ? n / 100 : n;
  return ratio <= 1 ? ratio : undefined;
}
