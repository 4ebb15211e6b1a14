import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The Wazuh ruleset tests (wazuh/wazuh v4.14.7 `ruleset/testing/tests/*.ini`, GPL-2.0, see the NOTICE):
 * each `[case]` gives raw log lines (`log N pass = …`) and the rule id, alert level and decoder Wazuh
 * assigns. `rules/*.xml` give each rule's description, groups and MITRE ids.
 */
export interface WazuhCase {
  readonly file: string;
  readonly name: string;
  /** Lines Wazuh should alert on, in order (repeats matter: frequency rules fire on the n-th). */
  readonly logs: readonly string[];
  readonly ruleId: string;
  readonly level: number;
  readonly decoder: string;
}

export interface WazuhRule {
  readonly id: string;
  readonly level: number;
  readonly description: string;
  readonly groups: readonly string[];
  readonly mitre: readonly string[];
}

export function loadWazuhCases(dir: string): WazuhCase[] {
  const out: WazuhCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.ini'))
    .sort()) {
    let current: { name: string; logs: string[]; fields: Map<string, string> } | undefined;
    const flush = (): void => {
      if (current === undefined) return;
      const level = current.fields.get('alert');
      const rule = current.fields.get('rule');
      if (level !== undefined && /^\d+$/.test(level) && rule !== undefined && current.logs.length > 0) {
        out.push({
          file,
          name: current.name,
          logs: current.logs,
          ruleId: rule,
          level: Number(level),
          decoder: current.fields.get('decoder') ?? '',
        });
      }
    };
    for (const line of readFileSync(join(dir, file), 'utf8').split(/\r?\n/)) {
      const section = /^\[(.*)\]\s*$/.exec(line);
      if (section !== null) {
        flush();
        current = { name: section[1] ?? '', logs: [], fields: new Map() };
        continue;
      }
      if (current === undefined || line.startsWith(';')) continue;
      const log = /^log \d+ pass = (.*)$/.exec(line);
      if (log !== null) {
        current.logs.push(log[1] ?? '');
        continue;
      }
      const kv = /^(rule|alert|decoder) = ?(.*)$/.exec(line);
      if (kv?.[1] !== undefined) current.fields.set(kv[1], (kv[2] ?? '').trim());
    }
    flush();
  }
  return out;
}

/** Rules by id, from the XML files (a regex reader: the files are regular and we only need 4 fields). */
export function loadWazuhRules(rulesDir: string): Map<string, WazuhRule> {
  const rules = new Map<string, WazuhRule>();
  for (const file of readdirSync(rulesDir).filter((f) => f.endsWith('.xml'))) {
    const xml = readFileSync(join(rulesDir, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const groupBlocks = xml.split(/<group name="/).slice(1);
    for (const block of groupBlocks) {
      const outer = (/^([^"]*)"/.exec(block)?.[1] ?? '').split(',').filter((g) => g !== '');
      for (const m of block.matchAll(/<rule\s+([^>]*)>([\s\S]*?)<\/rule>/g)) {
        const attrs = m[1] ?? '';
        const body = m[2] ?? '';
        const id = /id="(\d+)"/.exec(attrs)?.[1];
        const level = /level="(\d+)"/.exec(attrs)?.[1];
        if (id === undefined || level === undefined) continue;
        const own = [...body.matchAll(/<group>([^<]*)<\/group>/g)].flatMap((g) => (g[1] ?? '').split(','));
        rules.set(id, {
          id,
          level: Number(level),
          description: /<description>([\s\S]*?)<\/description>/.exec(body)?.[1]?.trim() ?? '',
          groups: [...new Set([...outer, ...own].map((g) => g.trim()).filter((g) => g !== ''))],
          mitre: [...body.matchAll(/<id>\s*(T[\d.]+)\s*<\/id>/g)].map((t) => t[1] ?? ''),
        });
      }
    }
  }
  return rules;
}
