/** The operations service map: declared in YAML, enriched from signals, merged with live backend facts. */
export { loadServiceMapFile, checkServiceMap } from './load-service-map.js';
export { serviceMapSchema, serviceEntrySchema } from './service-map-schema.js';
export type { ServiceEntry, ServiceMapFile } from './service-map-schema.js';
export { ServiceMap } from './service-map.js';
export type { MappedService, ServiceMapOptions } from './service-map.js';
export { OpsChangeLog } from './ops-change-log.js';
export type { ObservedService, RecordedDeploy } from './ops-change-log.js';
export { impactText } from './impact-text.js';
export type { ImpactOptions } from './impact-text.js';
export { mapText } from './map-text.js';
export { observeSignals, SUSPECT_DEPLOY_WINDOW_MS } from './observe-signals.js';
export { createServiceMapRoute } from './service-map-route.js';
export type { ServiceMapRouteOptions } from './service-map-route.js';
