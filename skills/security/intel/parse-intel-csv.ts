import type { Severity } from '../../../src/core/index.js';
import { classifyIndicator } from './observables.js';
import type { Indicator, IndicatorType } from './intel-types.js';

const TYPES = new Set<IndicatorType>([
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'md5',
  'sha1',
  'sha256',
  'user',
]);
const SEVERITIES = new Set<Severity>(['info', 'warning', 'error', 'critical']);

/**
 * A CSV feed. With a header row, columns `value` (or `indicator`/`ioc`) and optionally `type`, `description`,
 * `confidence` (0–100), `severity`, `valid_until`; without one, the first column is the indicator and the
 * second its description. `#` lines are comments. A row whose value has no recognisable type is skipped.
 */
export function parseIntelCsv(text: string, source: string): { indicators: Indicator[]; skipped: number } {
  const rows = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .map(splitCsvLine);
  const first = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const hasHeader = first.some((h) => ['value', 'indicator', 'ioc'].includes(h));
  const col = (names: string[]): number => (hasHeader ? first.findIndex((h) => names.includes(h)) : -1);
  const cValue = hasHeader ? col(['value', 'indicator', 'ioc']) : 0;
  const cType = col(['type', 'indicator_type']);
  const cDesc = hasHeader ? col(['description', 'comment', 'name']) : 1;
  const cConf = col(['confidence']);
  const cSev = col(['severity']);
  const cUntil = col(['valid_until', 'expires']);
  const indicators: Indicator[] = [];
  let skipped = 0;
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const cell = (i: number): string | undefined => (i < 0 ? undefined : row[i]?.trim() || undefined);
    const raw = cell(cValue);
    const declared = cell(cType)?.toLowerCase();
    const c =
      raw === undefined
        ? undefined
        : declared === 'user'
          ? { type: 'user' as const, value: raw.toLowerCase() }
          : classifyIndicator(raw);
    if (
      c === undefined ||
      (declared !== undefined && TYPES.has(declared as IndicatorType) && declared !== c.type)
    ) {
      skipped++;
      continue;
    }
    const conf = Number(cell(cConf));
    const sev = cell(cSev)?.toLowerCase();
    const desc = cell(cDesc);
    const until = cell(cUntil);
    indicators.push({
      ...c,
      source,
      ...(desc === undefined ? {} : { description: desc }),
      ...(Number.isFinite(conf) && cell(cConf) !== undefined ? { confidence: conf } : {}),
      severity: sev !== undefined && SEVERITIES.has(sev as Severity) ? (sev as Severity) : 'error',
      ...(until === undefined ? {} : { validUntil: until }),
    });
  }
  return { indicators, skipped };
}

/** RFC 4180 line: commas, double-quoted fields with "" escapes. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
