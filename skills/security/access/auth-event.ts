import type { Signal } from '../../../src/core/index.js';

/** The parts of a security signal the access detector reads (labels of adapters/sources/security). */
export interface AuthEvent {
  readonly user: string | undefined;
  readonly srcIp: string | undefined;
  readonly outcome: 'success' | 'failure' | undefined;
  readonly isAuthentication: boolean;
  readonly isAdminGrant: boolean;
  readonly country: string | undefined;
  readonly geo: { lat: number; lon: number } | undefined;
  /** Event time in ms (startsAt), the clock's time when unparseable. */
  readonly atMs: number;
}

const ADMIN_ACTIONS = new Set(['admin_grant', 'admin_role_granted', 'add_admin', 'role_admin_added']);

export function authEventOf(signal: Pick<Signal, 'labels' | 'startsAt'>, nowMs: number): AuthEvent {
  const l = signal.labels;
  const lat = Number(l['geo_lat']);
  const lon = Number(l['geo_lon']);
  const hasGeo =
    l['geo_lat'] !== undefined && l['geo_lon'] !== undefined && Number.isFinite(lat) && Number.isFinite(lon);
  const outcome = l['event_outcome'];
  const at = Date.parse(signal.startsAt);
  return {
    user: l['user']?.trim().toLowerCase() || undefined,
    srcIp: l['src_ip'],
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : undefined,
    isAuthentication: l['event_category'] === 'authentication',
    isAdminGrant: ADMIN_ACTIONS.has(l['event_action'] ?? ''),
    country: l['country']?.trim().toUpperCase() || undefined,
    geo: hasGeo ? { lat, lon } : undefined,
    atMs: Number.isNaN(at) ? nowMs : at,
  };
}

/** Great-circle distance in km between two points (haversine, mean Earth radius). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = (d: number): number => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
