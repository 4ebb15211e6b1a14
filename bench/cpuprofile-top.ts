/**
 * Self time per function (name + url) from a V8 .cpuprofile, as written by `node --cpu-prof`.
 * CLI: node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  readonly fn: string;
  readonly url: string;
  readonly ms: number;
  /** Share of all sampled time except (idle). */
  readonly pct: number;
}

/** Shortens file:///…/node_modules/x/… and the repo path so the table stays readable. */
function shortUrl(url: string, root: string): string {
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + 1);
  return u.startsWith(root) ? u.slice(root.length + 1) : u;
}

/**
 * `window` (µs on the monotonic clock, the one `process.hrtime` reads and V8 stamps samples with)
 * keeps only the samples taken inside it, e.g. while wrk was running.
 */
export function topSelfTime(
  file: string,
  count = 10,
  root = process.cwd(),
  window?: { fromUs: number; toUs: number },
): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, { fn: string; url: string; us: number }>();
  let busyUs = 0;
  // Sample i lasts until sample i+1, so it owns timeDeltas[i + 1].
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const node = byId.get(profile.samples[i]!);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (node === undefined) continue;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
    const fn = node.callFrame.functionName || '(anonymous)';
    const url = shortUrl(node.callFrame.url, root);
    const key = `${fn}\u0000${url}`;
    const entry = totals.get(key) ?? { fn, url, us: 0 };
    entry.us += us;
    totals.set(key, entry);
    if (fn !== '(idle)') busyUs += us;
  }
  return [...totals.values()]
    .filter((t) => t.fn !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((t) => ({ fn: t.fn, url: t.url, ms: t.us / 1000, pct: (100 * t.us) / Math.max(busyUs, 1) }));
}

export function formatSelfTime(rows: readonly SelfTime[]): string {
  return rows
    .map((r) => `${r.ms.toFixed(0).padStart(7)} ms ${r.pct.toFixed(1).padStart(5)}%  ${r.fn}  ${r.url}`)
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatSelfTime(topSelfTime(file, Number(count ?? 10)))}\n`);
}
