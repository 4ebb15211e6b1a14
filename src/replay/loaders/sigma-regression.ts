import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { WatchkeeperError } from '../../core/index.js';
import type { ReplayRecord } from '../replay-record.js';

/**
 * Expected severity of a Sigma level: the mapping bench/eval/security-report.ts documents for the same
 * set (informational/low/medium/high/critical → info/warning/error/critical/critical), so the replay
 * and the triage bench label the events alike.
 */
const SEVERITY: Readonly<Record<string, 'info' | 'warning' | 'error' | 'critical'>> = {
  informational: 'info',
  low: 'warning',
  medium: 'error',
  high: 'critical',
  critical: 'critical',
};
/** Longest rule description sent (the security source caps free text). */
const DESCRIPTION_CHARS = 2000;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** Some regression files hold several pretty-printed events back to back: split them by brace depth. */
export function parseConcatenatedJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

/** Flattens a Windows event (`Event.System` scalars + `Event.EventData`) into field → value. */
function flatEvent(json: unknown): Record<string, unknown> {
  const e =
    (json as { Event?: { System?: Record<string, unknown>; EventData?: Record<string, unknown> } }).Event ??
    {};
  const system = Object.fromEntries(
    Object.entries(e.System ?? {}).filter(([, v]) => v === null || typeof v !== 'object'),
  );
  return { ...system, ...(e.EventData ?? {}) };
}

/**
 * ../shared/eval-data/sigma-regression as replay records: each real Windows/Sysmon event posted to the
 * security hook in its Sigma shape, labelled from the rule that detects it (all are true positives):
 * routing to security, an incident for high/critical rules, severity from the rule level, and the
 * rule's ATT&CK technique ids as facts the bot should state. Rules keep their author (DRL 1.1).
 */
export function loadSigmaRegression(root: string): ReplayRecord[] {
  const events = join(root, 'events');
  if (!existsSync(events))
    throw new WatchkeeperError('NOT_FOUND', `no sigma-regression events under ${root}`);
  return walk(events)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const rel = relative(events, file);
      const rulePath = join(root, 'rules', `${rel.slice(0, rel.lastIndexOf('/'))}.yml`);
      if (!existsSync(rulePath)) return [];
      const rule = parse(readFileSync(rulePath, 'utf8')) as Record<string, unknown>;
      const level = String(rule['level'] ?? 'medium');
      const tags = Array.isArray(rule['tags']) ? rule['tags'].map(String) : [];
      const techniques = tags
        .filter((t) => /^attack\.t\d{4}/.test(t))
        .map((t) => t.slice('attack.'.length).toUpperCase());
      const description =
        typeof rule['description'] === 'string' ? rule['description'].slice(0, DESCRIPTION_CHARS) : undefined;
      const record: ReplayRecord = {
        id: `sigma:${rel}`,
        source: 'security',
        body: {
          rule: {
            title: String(rule['title'] ?? 'Sigma rule'),
            ...(typeof rule['id'] === 'string' ? { id: rule['id'] } : {}),
            level: level in SEVERITY ? level : 'medium',
            tags,
            ...(description === undefined ? {} : { description }),
            ...(typeof rule['author'] === 'string' ? { author: rule['author'] } : {}),
          },
          // The first event of the file: each one is detected by the rule.
          event: flatEvent(parseConcatenatedJson(readFileSync(file, 'utf8'))[0]),
        },
        expect: {
          skill: 'security',
          ...(level === 'high' || level === 'critical' ? { incident: true } : {}),
          ...(SEVERITY[level] === undefined ? {} : { severity: SEVERITY[level] }),
          ...(techniques.length === 0 ? {} : { facts: techniques }),
        },
      };
      return [record];
    });
}
