import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/**
 * SigmaHQ regression data (commit 8eaafff, DRL 1.1, see the NOTICE): `events/<path>/<rule-id>.json` is a
 * real Windows event that the rule `rules/<path>.yml` detects. Rule text keeps its author and references.
 */
export interface SigmaCase {
  readonly path: string;
  /** The first event of the file (a few files hold several, concatenated). */
  readonly event: Record<string, unknown>;
  readonly rule: {
    readonly id: string;
    readonly title: string;
    readonly level: 'informational' | 'low' | 'medium' | 'high' | 'critical';
    readonly tags: readonly string[];
    readonly description?: string;
    readonly falsepositives?: readonly string[];
  };
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export function loadSigmaCases(root: string): SigmaCase[] {
  const rulesById = new Map<string, Record<string, unknown>>();
  for (const file of walk(join(root, 'rules')).filter((f) => f.endsWith('.yml'))) {
    const rule = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (typeof rule['id'] === 'string') rulesById.set(rule['id'], rule);
  }
  const cases: SigmaCase[] = [];
  for (const file of walk(join(root, 'events'))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const id = file.slice(file.lastIndexOf('/') + 1, -'.json'.length);
    const rule = rulesById.get(id);
    if (rule === undefined) continue;
    const [event] = parseConcatenatedJson(readFileSync(file, 'utf8'));
    if (event === undefined) continue;
    const falsepositives = Array.isArray(rule['falsepositives'])
      ? rule['falsepositives'].map(String)
      : undefined;
    cases.push({
      path: relative(root, file),
      event,
      rule: {
        id,
        title: String(rule['title'] ?? id),
        level: String(rule['level'] ?? 'medium') as SigmaCase['rule']['level'],
        tags: Array.isArray(rule['tags']) ? rule['tags'].map(String) : [],
        ...(typeof rule['description'] === 'string' ? { description: rule['description'] } : {}),
        ...(falsepositives === undefined ? {} : { falsepositives }),
      },
    });
  }
  return cases;
}

/** Some regression files hold several JSON objects back to back; split them at top-level braces. */
function parseConcatenatedJson(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0 && start >= 0)
        out.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
    }
  }
  return out;
}
