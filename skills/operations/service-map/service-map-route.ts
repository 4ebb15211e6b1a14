import type { HttpRoute, Incident } from '../../../src/core/index.js';
import type { ServiceMap } from './service-map.js';

export interface ServiceMapRouteOptions {
  readonly map: ServiceMap;
  /** Incidents not yet resolved, so the picture can mark the services that have one. */
  readonly openIncidents: () => readonly Incident[];
}

/**
 * `GET /api/service-map` (console auth): every service with its tier, owner, dependencies, live
 * version and status, and the open incident on it, for the console's dependency picture.
 */
export function createServiceMapRoute(o: ServiceMapRouteOptions): HttpRoute {
  return {
    method: 'GET',
    path: '/api/service-map',
    auth: 'console',
    handle: async () => {
      const incidentOf = new Map<string, Incident>();
      for (const i of o.openIncidents()) {
        const service = i.labels['service'];
        if (service !== undefined && !incidentOf.has(service)) incidentOf.set(service, i);
      }
      const services = o.map.list().map((s) => {
        const facts = o.map.about(s.name);
        const incident = incidentOf.get(s.name);
        return {
          name: s.name,
          declared: s.declared,
          ...(s.tier === undefined ? {} : { tier: s.tier }),
          ...(s.owner === undefined ? {} : { owner: s.owner }),
          dependsOn: s.dependsOn,
          ...(facts?.version === undefined ? {} : { version: facts.version }),
          ...(facts?.status === undefined ? {} : { status: facts.status }),
          ...(incident === undefined
            ? {}
            : { incident: { id: incident.id, title: incident.title, severity: incident.severity } }),
        };
      });
      return { status: 200, body: { services } };
    },
  };
}
