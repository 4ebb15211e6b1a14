import type { Incident, IncidentRepository, ServiceContext, Signal } from '../core/index.js';

/** How far down the dependency chain a cascade is followed (service → database → storage …). */
const MAX_DEPTH = 4;
/** An incident on a dependency that opened longer ago than this is not the cause of a new alert. */
export const DEFAULT_CASCADE_WINDOW_MS = 30 * 60_000;

/**
 * The open incident on something this alert's service depends on (directly or through others) that
 * the service map marks `foldsDependents`, opened within the window: when a database goes down, the
 * alerts of the services that call it belong to the database's incident rather than to incidents of
 * their own. The oldest such incident wins, since the failing dependency usually pages first. Only
 * alerts with a `service` label the service map knows.
 */
export function dependencyIncident(
  incidents: IncidentRepository,
  services: ServiceContext,
  signal: Signal,
  at: string,
  windowMs = DEFAULT_CASCADE_WINDOW_MS,
): Incident | undefined {
  const service = signal.labels['service'];
  if (signal.kind !== 'alert' || service === undefined) return undefined;
  const upstream = new Set(
    [...dependenciesOf(services, service)].filter((d) => services.about(d)?.foldsDependents === true),
  );
  if (upstream.size === 0) return undefined;
  const since = Date.parse(at) - windowMs;
  const open = [
    ...incidents.list({ status: 'open', limit: 200 }),
    ...incidents.list({ status: 'mitigated', limit: 200 }),
  ];
  return open
    .filter((i) => upstream.has(i.labels['service'] ?? '') && Date.parse(i.openedAt) >= since)
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt))[0];
}

/** Every service `service` calls, directly or transitively, up to MAX_DEPTH hops. */
function dependenciesOf(services: ServiceContext, service: string): Set<string> {
  const found = new Set<string>();
  let frontier = [service];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const dep of services.about(name)?.dependsOn ?? []) {
        if (dep === service || found.has(dep)) continue;
        found.add(dep);
        next.push(dep);
      }
    }
    frontier = next;
  }
  return found;
}
