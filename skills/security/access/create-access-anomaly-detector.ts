import type { Clock, Severity, Signal } from '../../../src/core/index.js';
import { authEventOf, haversineKm } from './auth-event.js';

export type AccessAnomalyKind =
  'brute_force' | 'brute_force_success' | 'impossible_travel' | 'blocked_country' | 'admin_grant';

/** A finding about one auth event, with the ATT&CK technique it points at. */
export interface AccessAnomaly {
  readonly kind: AccessAnomalyKind;
  readonly severity: Severity;
  readonly reason: string;
  readonly technique: string;
  readonly tactic: string;
  readonly user?: string;
  readonly srcIp?: string;
}

export interface AccessAnomalyOptions {
  /** Failures of one user or one source address within `failureWindowMs` that count as brute force. */
  readonly failureThreshold: number;
  readonly failureWindowMs: number;
  /** Faster than this between two successful logins of one user is impossible travel. */
  readonly maxTravelKmh: number;
  /** Jumps shorter than this are ignored (geo-IP is coarse). */
  readonly minTravelKm: number;
  /** ISO 3166 codes or country names (case-insensitive) whose logins are flagged. */
  readonly blockedCountries: readonly string[];
  /** Most users/addresses remembered; the least recently seen are forgotten first. */
  readonly maxKeys: number;
}

export const DEFAULT_ACCESS_OPTIONS: AccessAnomalyOptions = {
  failureThreshold: 5,
  failureWindowMs: 10 * 60_000,
  maxTravelKmh: 900,
  minTravelKm: 500,
  blockedCountries: [],
  maxKeys: 10_000,
};

export interface AccessAnomalyDetector {
  /** Feeds one signal (any kind; non-auth signals only count for admin grants) and returns its anomalies. */
  observe(signal: Pick<Signal, 'labels' | 'startsAt'>): AccessAnomaly[];
  /** Keys currently remembered (for tests and metrics). */
  readonly trackedKeys: number;
}

/** A bounded LRU map: re-setting a key moves it to the end; the oldest go first. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
  get size(): number {
    return this.map.size;
  }
}

/**
 * Stateful detector of access anomalies in auth events: brute force (N failures per user or source within
 * a window, and a success right after one), impossible travel between two successful logins, logins from a
 * blocked country, and a new admin grant. Time comes from the events (their `startsAt`), falling back to
 * the injected clock; memory is bounded by `maxKeys`.
 */
export function createAccessAnomalyDetector(
  options: Partial<AccessAnomalyOptions> & { clock: Clock },
): AccessAnomalyDetector {
  const o = { ...DEFAULT_ACCESS_OPTIONS, ...options };
  const blocked = new Set(o.blockedCountries.map((c) => c.trim().toUpperCase()));
  const failures = new Lru<number[]>(o.maxKeys);
  const lastLogin = new Lru<{ atMs: number; lat: number; lon: number; country?: string }>(o.maxKeys);

  const recordFailure = (key: string, atMs: number): number => {
    const times = (failures.get(key) ?? []).filter((t) => atMs - t < o.failureWindowMs && t <= atMs);
    times.push(atMs);
    failures.set(key, times.slice(-Math.max(o.failureThreshold * 4, 20)));
    return times.length;
  };
  const recentFailures = (key: string, atMs: number): number =>
    (failures.get(key) ?? []).filter((t) => atMs - t < o.failureWindowMs && t <= atMs).length;

  return {
    observe(signal) {
      const e = authEventOf(signal, o.clock.now().getTime());
      const out: AccessAnomaly[] = [];
      const who = {
        ...(e.user === undefined ? {} : { user: e.user }),
        ...(e.srcIp === undefined ? {} : { srcIp: e.srcIp }),
      };
      if (e.isAdminGrant) {
        out.push({
          kind: 'admin_grant',
          severity: 'error',
          reason: `new admin grant${e.user === undefined ? '' : ` for ${e.user}`}`,
          technique: 'T1098',
          tactic: 'persistence',
          ...who,
        });
      }
      if (!e.isAuthentication) return out;
      if (e.country !== undefined && blocked.has(e.country)) {
        out.push({
          kind: 'blocked_country',
          severity: e.outcome === 'success' ? 'critical' : 'error',
          reason: `${e.outcome === 'success' ? 'login' : 'login attempt'} from blocked country ${e.country}`,
          technique: 'T1078',
          tactic: 'initial-access',
          ...who,
        });
      }
      if (e.outcome === 'failure') {
        const keys = [
          e.user === undefined ? undefined : `u:${e.user}`,
          e.srcIp === undefined ? undefined : `ip:${e.srcIp}`,
        ];
        const counts = keys.filter((k): k is string => k !== undefined).map((k) => recordFailure(k, e.atMs));
        const worst = Math.max(0, ...counts);
        if (worst >= o.failureThreshold) {
          out.push({
            kind: 'brute_force',
            severity: 'error',
            reason: `${worst} failed logins within ${Math.round(o.failureWindowMs / 60_000)} min`,
            technique: 'T1110',
            tactic: 'credential-access',
            ...who,
          });
        }
      }
      if (e.outcome === 'success') {
        const before = Math.max(
          e.user === undefined ? 0 : recentFailures(`u:${e.user}`, e.atMs),
          e.srcIp === undefined ? 0 : recentFailures(`ip:${e.srcIp}`, e.atMs),
        );
        if (before >= o.failureThreshold) {
          out.push({
            kind: 'brute_force_success',
            severity: 'critical',
            reason: `successful login after ${before} failures within ${Math.round(o.failureWindowMs / 60_000)} min`,
            technique: 'T1110',
            tactic: 'credential-access',
            ...who,
          });
        }
        if (e.user !== undefined && e.geo !== undefined) {
          const prev = lastLogin.get(e.user);
          if (prev !== undefined && e.atMs >= prev.atMs) {
            const km = haversineKm(prev, e.geo);
            const hours = Math.max((e.atMs - prev.atMs) / 3_600_000, 1 / 60);
            if (km >= o.minTravelKm && km / hours > o.maxTravelKmh) {
              out.push({
                kind: 'impossible_travel',
                severity: 'critical',
                reason: `logins ${Math.round(km)} km apart within ${Math.round(hours * 60)} min (${Math.round(km / hours)} km/h)`,
                technique: 'T1078',
                tactic: 'initial-access',
                ...who,
              });
            }
          }
          if (prev === undefined || e.atMs >= prev.atMs) {
            lastLogin.set(e.user, {
              atMs: e.atMs,
              ...e.geo,
              ...(e.country === undefined ? {} : { country: e.country }),
            });
          }
        }
      }
      return out;
    },
    get trackedKeys() {
      return failures.size + lastLogin.size;
    },
  };
}
