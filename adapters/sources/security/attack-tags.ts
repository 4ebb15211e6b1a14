/**
 * ATT&CK ids and tactic names from the spellings detection tools use: Sigma tags (`attack.t1059.001`,
 * `attack.credential-access`, `attack.initial_access`), Falco tags (`T1059`, `mitre_execution`), Wazuh
 * `rule.mitre` (`T1110`, `Credential Access`). Techniques come out upper case, tactics lower-case-hyphenated.
 */
export interface AttackIds {
  readonly techniques: string[];
  readonly tactics: string[];
}

const TECHNIQUE = /^t\d{4}(\.\d{3})?$/i;
/** Tactic names of ATT&CK Enterprise, plus `stealth` and `defense-impairment` used by recent Sigma rules. */
const TACTICS = new Set([
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'stealth',
  'defense-impairment',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
]);

export function tacticName(raw: string): string | undefined {
  const name = raw
    .trim()
    .toLowerCase()
    .replace(/^(attack\.|mitre[_.])/, '')
    .replace(/[\s_]+/g, '-');
  return TACTICS.has(name) ? name : undefined;
}

export function techniqueId(raw: string): string | undefined {
  const id = raw.trim().replace(/^attack\./i, '');
  return TECHNIQUE.test(id) ? id.toUpperCase() : undefined;
}

/** Reads tags of any of the spellings above; unknown tags are ignored. */
export function attackIdsOfTags(tags: readonly string[]): AttackIds {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  for (const tag of tags) {
    const t = techniqueId(tag);
    if (t !== undefined) techniques.add(t);
    const c = tacticName(tag);
    if (c !== undefined) tactics.add(c);
  }
  return { techniques: [...techniques], tactics: [...tactics] };
}

export function mergeAttackIds(...ids: AttackIds[]): AttackIds {
  return {
    techniques: [...new Set(ids.flatMap((i) => i.techniques))],
    tactics: [...new Set(ids.flatMap((i) => i.tactics))],
  };
}
