import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock, Logger, Signal } from '../../../src/core/index.js';
import { ipv4ToInt } from '../triage/benign-list.js';
import { classifyIndicator, observablesOf } from './observables.js';
import { parseIntelCsv } from './parse-intel-csv.js';
import { parseStixBundle } from './parse-stix-bundle.js';
import type { Indicator, IntelMatch, Observable } from './intel-types.js';

export interface IntelStoreOptions {
  /** Folder of feeds: `*.json` STIX 2.1 bundles and `*.csv` lists (sub-folders are not read). */
  readonly dir: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Files bigger than this are skipped with a reason (default 20 MiB). */
  readonly maxFileBytes?: number;
}

export interface IntelRefreshResult {
  readonly loadedAt: string;
  readonly files: readonly { file: string; indicators: number; skipped: number }[];
  readonly indicators: number;
  readonly errors: readonly { file: string; reason: string }[];
}

/** Local threat-intel feeds, indexed for exact lookups; `refresh()` re-reads the folder atomically. */
export interface IntelStore {
  refresh(): IntelRefreshResult;
  /** Indicators matching a signal's IPs, domains (and their parents), hashes and user. Expired ones never match. */
  match(signal: Pick<Signal, 'labels'>): IntelMatch[];
  /** Indicators matching one value typed by a person (`/wk sec intel 203.0.113.9`). */
  lookup(value: string): IntelMatch[];
  readonly size: number;
  readonly lastRefresh: IntelRefreshResult | undefined;
}

export function createIntelStore(options: IntelStoreOptions): IntelStore {
  const maxBytes = options.maxFileBytes ?? 20 * 1024 * 1024;
  let exact = new Map<string, Indicator[]>();
  let cidrs: { base: number; mask: number; indicator: Indicator }[] = [];
  let count = 0;
  let last: IntelRefreshResult | undefined;

  const live = (i: Indicator): boolean =>
    i.validUntil === undefined || !(Date.parse(i.validUntil) <= options.clock.now().getTime());

  const matchObservable = (o: Observable): IntelMatch[] => {
    const keys = [`${o.type}:${o.value}`];
    if (o.type === 'domain') {
      // A feed listing `evil.example` also flags `cdn.evil.example`.
      const parts = o.value.split('.');
      for (let i = 1; i < parts.length - 1; i++) keys.push(`domain:${parts.slice(i).join('.')}`);
    }
    const found = keys.flatMap((k) => exact.get(k) ?? []);
    if (o.type === 'ipv4') {
      const ip = ipv4ToInt(o.value);
      if (ip !== undefined) {
        for (const c of cidrs) if ((ip & c.mask) >>> 0 === c.base) found.push(c.indicator);
      }
    }
    return found.filter(live).map((indicator) => ({ indicator, observable: o }));
  };

  return {
    refresh() {
      const nextExact = new Map<string, Indicator[]>();
      const nextCidrs: typeof cidrs = [];
      const files: { file: string; indicators: number; skipped: number }[] = [];
      const errors: { file: string; reason: string }[] = [];
      let names: string[] = [];
      try {
        names = readdirSync(options.dir)
          .filter((f) => f.endsWith('.json') || f.endsWith('.csv'))
          .sort();
      } catch (err) {
        errors.push({ file: options.dir, reason: err instanceof Error ? err.message : String(err) });
      }
      for (const file of names) {
        const path = join(options.dir, file);
        try {
          if (statSync(path).size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
          const text = readFileSync(path, 'utf8');
          const parsed = file.endsWith('.json')
            ? parseStixBundle(JSON.parse(text), file)
            : parseIntelCsv(text, file);
          for (const i of parsed.indicators) {
            if (i.type === 'cidr') {
              const [net, bits] = i.value.split('/');
              const base = ipv4ToInt(net ?? '');
              const b = Number(bits);
              if (base === undefined || !(b >= 0 && b <= 32)) continue;
              const mask = b === 0 ? 0 : (~0 << (32 - b)) >>> 0;
              nextCidrs.push({ base: (base & mask) >>> 0, mask, indicator: i });
            } else {
              const key = `${i.type}:${i.value}`;
              nextExact.set(key, [...(nextExact.get(key) ?? []), i]);
            }
          }
          files.push({ file, indicators: parsed.indicators.length, skipped: parsed.skipped });
        } catch (err) {
          errors.push({ file, reason: err instanceof Error ? err.message : String(err) });
          options.logger?.warn('intel feed skipped', { file, reason: String(err) });
        }
      }
      exact = nextExact;
      cidrs = nextCidrs;
      count = files.reduce((n, f) => n + f.indicators, 0);
      last = { loadedAt: options.clock.now().toISOString(), files, indicators: count, errors };
      options.logger?.info('intel feeds loaded', {
        files: files.length,
        indicators: count,
        errors: errors.length,
      });
      return last;
    },
    match: (signal) => observablesOf(signal).flatMap(matchObservable),
    lookup: (value) => {
      const c = classifyIndicator(value);
      if (c === undefined) {
        const user = value.trim().toLowerCase();
        return /^[\w.@\\-]{1,128}$/.test(user)
          ? matchObservable({ type: 'user', value: user, field: 'query' })
          : [];
      }
      if (c.type === 'domain') {
        // A bare word could be a user name or a domain; check both.
        return [
          ...matchObservable({ ...c, field: 'query' }),
          ...matchObservable({ type: 'user', value: c.value, field: 'query' }),
        ];
      }
      return matchObservable({ ...c, field: 'query' });
    },
    get size() {
      return count;
    },
    get lastRefresh() {
      return last;
    },
  };
}
