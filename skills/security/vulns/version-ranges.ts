import type { OsvAffected } from './osv-advisory.js';

/**
 * Compares two versions "semver-ish": an optional epoch (`1:`), then dot/dash/tilde/plus separated
 * numeric and alphanumeric parts compared piecewise (numbers numerically); a pre-release (`-rc1`, `~beta`)
 * sorts before the release. Good for SemVer, PyPI, npm, Go, Maven-like and most Debian/RPM versions;
 * not a full dpkg or PEP 440 implementation.
 */
export function compareVersions(a: string, b: string): number {
  const [ea, ra] = splitEpoch(a);
  const [eb, rb] = splitEpoch(b);
  if (ea !== eb) return ea - eb;
  const [ma, pa] = splitPre(ra);
  const [mb, pb] = splitPre(rb);
  const c = compareParts(tokens(ma), tokens(mb));
  if (c !== 0) return c;
  if (pa === undefined && pb === undefined) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return compareParts(tokens(pa), tokens(pb));
}

function splitEpoch(v: string): [number, string] {
  const m = /^(\d+):(.*)$/.exec(v.trim());
  return m === null ? [0, v.trim().replace(/^v/i, '')] : [Number(m[1]), (m[2] ?? '').replace(/^v/i, '')];
}

function splitPre(v: string): [string, string | undefined] {
  const noBuild = v.split('+')[0] ?? v;
  const m = /^(\d+(?:\.\d+)*)[-~](.*[A-Za-z].*)$/.exec(noBuild);
  if (m !== null) return [m[1] ?? '', m[2]];
  const glued = /^(\d+(?:\.\d+)*)((?:a|b|rc|alpha|beta|pre|dev)\d*.*)$/i.exec(noBuild);
  return glued === null ? [noBuild, undefined] : [glued[1] ?? '', glued[2]];
}

function tokens(v: string): (number | string)[] {
  return (v.match(/\d+|[A-Za-z]+/g) ?? []).map((t) => (/^\d+$/.test(t) ? Number(t) : t.toLowerCase()));
}

function compareParts(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return typeof y === 'number' && y === 0 ? 0 : -1;
    if (y === undefined) return typeof x === 'number' && x === 0 ? 0 : 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Whether `version` is affected per one OSV `affected` entry: listed in `versions`, or inside a
 * SEMVER/ECOSYSTEM range. Events are applied in version order: `introduced` opens an interval, `fixed`
 * (exclusive) or `last_affected` (inclusive) closes it; `introduced: "0"` means from the beginning.
 * GIT ranges name commits, not versions, and are ignored.
 * @see https://ossf.github.io/osv-schema/#evaluation
 */
export function isVersionAffected(version: string, affected: OsvAffected): boolean {
  if (affected.versions?.includes(version) === true) return true;
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    const events = [...range.events].sort((x, y) => compareVersions(eventVersion(x), eventVersion(y)));
    let inside = false;
    for (const e of events) {
      if (e.introduced !== undefined) {
        if (e.introduced === '0' || compareVersions(version, e.introduced) >= 0) inside = true;
      } else if (e.fixed !== undefined) {
        if (compareVersions(version, e.fixed) >= 0) inside = false;
      } else if (e.last_affected !== undefined) {
        if (compareVersions(version, e.last_affected) > 0) inside = false;
      } else if (e.limit !== undefined && compareVersions(version, e.limit) >= 0) {
        inside = false;
      }
    }
    if (inside) return true;
  }
  return false;
}

function eventVersion(e: {
  introduced?: string | undefined;
  fixed?: string | undefined;
  last_affected?: string | undefined;
  limit?: string | undefined;
}): string {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
}

/** The fixed versions an entry names, lowest first: the upgrade targets. */
export function fixedVersions(affected: OsvAffected): string[] {
  const out = new Set<string>();
  for (const r of affected.ranges ?? []) {
    if (r.type === 'GIT') continue;
    for (const e of r.events) if (e.fixed !== undefined) out.add(e.fixed);
  }
  return [...out].sort(compareVersions);
}
