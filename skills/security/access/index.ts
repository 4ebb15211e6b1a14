/** Access anomalies from auth events: brute force, impossible travel, blocked country, new admin grant. */
export { createAccessAnomalyDetector, DEFAULT_ACCESS_OPTIONS } from './create-access-anomaly-detector.js';
export type {
  AccessAnomaly,
  AccessAnomalyKind,
  AccessAnomalyDetector,
  AccessAnomalyOptions,
} from './create-access-anomaly-detector.js';
export { authEventOf, haversineKm } from './auth-event.js';
export type { AuthEvent } from './auth-event.js';
