/**
 * Finding well-known fields in events whose exact shape varies (Windows event XML as JSON, Wazuh `data`,
 * Falco `output_fields`, ECS-like flat or nested JSON). Keys compare case-insensitively with `.`, `_` and
 * `-` ignored, so `SourceIp`, `src_ip` and `source.ip` meet. Depth and breadth are bounded: events are untrusted.
 */
const MAX_DEPTH = 6;
const MAX_NODES = 2_000;

const squash = (key: string): string => key.toLowerCase().replace(/[._\-\s]/g, '');

/** Flattens an object to `squashedPath → scalar` and `squashedLeafKey → scalar` (first occurrence wins). */
export function indexFields(root: unknown): Map<string, string> {
  const out = new Map<string, string>();
  let nodes = 0;
  const walk = (value: unknown, path: string, depth: number): void => {
    if (nodes++ > MAX_NODES || depth > MAX_DEPTH) return;
    if (value === null || value === undefined) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const v = String(value);
      if (!out.has(path)) out.set(path, v);
      const leaf = path.slice(path.lastIndexOf('/') + 1);
      if (!out.has(leaf)) out.set(leaf, v);
      return;
    }
    if (Array.isArray(value)) {
      for (const v of value.slice(0, 50)) walk(v, path, depth + 1);
      return;
    }
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, path === '' ? squash(k) : `${path}/${squash(k)}`, depth + 1);
      }
    }
  };
  walk(root, '', 0);
  return out;
}

/** The first non-empty value among `names` (leaf keys or `a/b` paths, squashed), trimmed; `-` counts as empty. */
export function pick(fields: Map<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const v = fields.get(name.split('/').map(squash).join('/'))?.trim();
    if (v !== undefined && v !== '' && v !== '-' && v.length <= 2048) return v;
  }
  return undefined;
}

const HASH_PREFS = ['sha256', 'sha1', 'md5'] as const;

/** `SHA1=…,MD5=…,SHA256=…` (Sysmon) or a bare hex digest → the strongest hash, lower case. */
export function pickHash(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parts = new Map<string, string>();
  for (const part of value.split(/[,;\s]+/)) {
    const m = /^(sha256|sha1|md5|imphash)=([0-9a-f]+)$/i.exec(part);
    if (m?.[1] !== undefined && m[2] !== undefined) parts.set(m[1].toLowerCase(), m[2].toLowerCase());
  }
  for (const pref of HASH_PREFS) {
    const h = parts.get(pref);
    if (h !== undefined) return h;
  }
  return /^[0-9a-f]{32,64}$/i.test(value) ? value.toLowerCase() : undefined;
}

/** Host name of a URL or a bare domain; undefined for IP literals and junk. */
export function domainOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let host = value.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(host)) {
    try {
      host = new URL(host).hostname;
    } catch {
      return undefined;
    }
  }
  host = host.replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':')) return undefined;
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(host) ? host : undefined;
}

/** IPv4 or IPv6 literal check, so a `srcip` of `unknown` does not become an indicator. */
export function ipOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().replace(/^::ffff:/i, '');
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v) && v.split('.').every((p) => Number(p) <= 255)) {
    return v;
  }
  return /^[0-9a-f:]+$/i.test(v) && v.includes(':') ? v.toLowerCase() : undefined;
}
