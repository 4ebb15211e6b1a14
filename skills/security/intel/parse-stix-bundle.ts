import type { Severity } from '../../../src/core/index.js';
import type { Indicator, IndicatorType } from './intel-types.js';

/**
 * Indicators of a STIX 2.1 bundle. Only `indicator` objects with a STIX pattern are read, and only
 * comparisons joined by OR (an AND pattern needs several observables at once, which one event field
 * cannot show, so it is skipped and counted). Revoked indicators are dropped.
 * @see https://docs.oasis-open.org/cti/stix/v2.1/os/stix-v2.1-os.html#_me3pzm77qfnf (indicator)
 */
export function parseStixBundle(json: unknown, source: string): { indicators: Indicator[]; skipped: number } {
  const objects = isObject(json) && Array.isArray(json['objects']) ? json['objects'] : [];
  const indicators: Indicator[] = [];
  let skipped = 0;
  for (const o of objects) {
    if (!isObject(o) || o['type'] !== 'indicator') continue;
    const pattern = o['pattern'];
    if (typeof pattern !== 'string' || (o['pattern_type'] !== undefined && o['pattern_type'] !== 'stix')) {
      skipped++;
      continue;
    }
    if (o['revoked'] === true) continue;
    const comparisons = parsePattern(pattern);
    if (comparisons === undefined) {
      skipped++;
      continue;
    }
    const confidence = typeof o['confidence'] === 'number' ? o['confidence'] : undefined;
    const types = Array.isArray(o['indicator_types']) ? o['indicator_types'].map(String) : [];
    for (const c of comparisons) {
      indicators.push({
        ...c,
        source,
        ...(typeof o['id'] === 'string' ? { id: o['id'] } : {}),
        ...(typeof o['name'] === 'string' ? { name: o['name'] } : {}),
        ...(typeof o['description'] === 'string' ? { description: o['description'] } : {}),
        ...(confidence === undefined ? {} : { confidence }),
        severity: severityOf(types, confidence),
        ...(typeof o['valid_until'] === 'string' ? { validUntil: o['valid_until'] } : {}),
      });
    }
  }
  return { indicators, skipped };
}

const OBJECT_PATHS: ReadonlyArray<[RegExp, (v: string) => IndicatorType | undefined]> = [
  [/^ipv4-addr:value$/, (v) => (v.includes('/') ? 'cidr' : 'ipv4')],
  [/^ipv6-addr:value$/, () => 'ipv6'],
  [/^domain-name:value$/, () => 'domain'],
  [/^url:value$/, () => 'url'],
  [/^file:hashes\.'?sha-?256'?$/i, () => 'sha256'],
  [/^file:hashes\.'?sha-?1'?$/i, () => 'sha1'],
  [/^file:hashes\.'?md5'?$/i, () => 'md5'],
  [/^user-account:(user_id|account_login)$/, () => 'user'],
];

function parsePattern(pattern: string): { type: IndicatorType; value: string }[] | undefined {
  const body = pattern.trim();
  if (/\bAND\b|\bFOLLOWEDBY\b|\bWITHIN\b/.test(body)) return undefined;
  const out: { type: IndicatorType; value: string }[] = [];
  const re = /\[?\s*([a-z0-9-]+:[a-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]?/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    const path = m[1] ?? '';
    const value = (m[2] ?? '').replace(/\\(.)/g, '$1');
    const entry = OBJECT_PATHS.find(([p]) => p.test(path));
    const type = entry?.[1](value);
    if (type === undefined) return undefined;
    out.push({
      type,
      value: type === 'ipv4' || type === 'cidr' ? value : value.toLowerCase().replace(/\.$/, ''),
    });
  }
  return out.length > 0 ? out : undefined;
}

function severityOf(types: readonly string[], confidence: number | undefined): Severity {
  if (types.some((t) => ['malicious-activity', 'compromised', 'attribution'].includes(t))) {
    return confidence !== undefined && confidence < 50 ? 'error' : 'critical';
  }
  return confidence !== undefined && confidence >= 80 ? 'error' : 'warning';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
