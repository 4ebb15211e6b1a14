import type { Signal } from '../../../src/core/index.js';
import type { IndicatorType, Observable } from './intel-types.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * What kind of indicator a bare value is (`1.2.3.4`, `10.0.0.0/8`, `evil.example`, a hex digest by length,
 * a URL); undefined for anything else. Users cannot be told from domains by shape, so `user:` prefixes them.
 */
export function classifyIndicator(raw: string): { type: IndicatorType; value: string } | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  if (/^user:/i.test(v)) return { type: 'user', value: v.slice(5).trim().toLowerCase() };
  if (IPV4.test(v) && v.split('.').every((p) => Number(p) <= 255)) return { type: 'ipv4', value: v };
  if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(v)) return { type: 'cidr', value: v };
  if (/^[0-9a-f]{64}$/i.test(v)) return { type: 'sha256', value: v.toLowerCase() };
  if (/^[0-9a-f]{40}$/i.test(v)) return { type: 'sha1', value: v.toLowerCase() };
  if (/^[0-9a-f]{32}$/i.test(v)) return { type: 'md5', value: v.toLowerCase() };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return { type: 'url', value: v.toLowerCase() };
  if (/^[0-9a-f:]+$/i.test(v) && v.includes(':')) return { type: 'ipv6', value: v.toLowerCase() };
  if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)+\.?$/i.test(v))
    return { type: 'domain', value: v.toLowerCase().replace(/\.$/, '') };
  return undefined;
}

/** Observables of a security signal, from the documented labels (see adapters/sources/security/README.md). */
export function observablesOf(signal: Pick<Signal, 'labels'>): Observable[] {
  const out: Observable[] = [];
  for (const field of ['src_ip', 'dst_ip', 'domain', 'file_hash'] as const) {
    const value = signal.labels[field];
    if (value === undefined) continue;
    const c = classifyIndicator(value);
    if (c !== undefined && c.type !== 'cidr') out.push({ ...c, field });
  }
  const user = signal.labels['user'];
  if (user !== undefined && user.trim() !== '')
    out.push({ type: 'user', value: user.trim().toLowerCase(), field: 'user' });
  return out;
}
