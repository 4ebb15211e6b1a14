import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RISKS, riskRank, WatchkeeperError } from '../core/index.js';
import type { ApprovalRequirements, AutonomyMode, Risk } from '../core/index.js';
import { stricterAutonomy } from './autonomy.js';
import { loadRoles } from './load-roles.js';
import type {
  LoadedPolicies,
  PolicyRule,
  PrincipalLimit,
  RolesConfig,
  RuleMatch,
  ToolLimit,
} from './loaded-policies.js';
import { parseDuration } from './parse-duration.js';
import { policyFileSchema } from './policy-schema.js';
import type { MatchInput, PolicyFileInput, RuleInput } from './policy-schema.js';
import { readPolicyYaml } from './read-policy-yaml.js';
import { formatPolicyError, lineOf } from './yaml-source.js';
import type { PolicyFileError, YamlSource } from './yaml-source.js';

export const ROLES_FILE = 'roles.yaml';
export const POLICY_SUFFIX = '.policy.yaml';

/**
 * Loads and validates every `*.policy.yaml` of `dir` plus `roles.yaml`. Start-up must refuse a bad policy,
 * so this throws `WatchkeeperError('POLICY_INVALID')` listing EVERY error found (`details.errors`), each
 * with file, line and reason, instead of stopping at the first.
 */
export function loadPolicies(dir: string): LoadedPolicies {
  const errors: PolicyFileError[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    errors.push({ file: dir, line: 0, message: `cannot read the policy folder (${code})` });
  }

  const rolesResult = loadRoles(join(dir, ROLES_FILE));
  if (names.length > 0 || errors.length === 0) errors.push(...rolesResult.errors);
  const policyFiles = names.filter((n) => n.endsWith(POLICY_SUFFIX)).map((n) => join(dir, n));
  if (errors.length === 0 && policyFiles.length === 0) {
    errors.push({ file: dir, line: 0, message: `no *${POLICY_SUFFIX} files: everything would be denied` });
  }

  const rules: PolicyRule[] = [];
  const autonomy: Record<string, AutonomyMode> = {};
  const principalLimits: PrincipalLimit[] = [];
  const toolLimits: ToolLimit[] = [];
  const seenIds = new Map<string, string>();
  /** Registers a rule id; false (and an error) if another rule already has it. */
  const claimId = (source: YamlSource, id: string | undefined, index: number): boolean => {
    if (id === undefined) return true;
    const previous = seenIds.get(id);
    if (previous !== undefined) {
      errors.push({
        file: source.file,
        line: lineOf(source, ['rules', index, 'id']),
        message: `rules.${index}.id: duplicate rule id "${id}" (first defined at ${previous})`,
      });
      return false;
    }
    seenIds.set(id, `${source.file}:${lineOf(source, ['rules', index])}`);
    return true;
  };

  for (const file of policyFiles) {
    const read = readPolicyYaml(file, policyFileSchema);
    if (!read.ok) {
      errors.push(...read.errors);
      // Still check rule ids of a file that failed its schema, so duplicates show in the same run.
      const raw = read.source;
      if (raw !== undefined) rawRuleIds(raw).forEach((id, index) => claimId(raw, id, index));
      continue;
    }
    const { source, data } = read;
    data.rules.forEach((rule, index) => {
      if (!claimId(source, rule.id, index)) return;
      errors.push(...checkRule(source, rule, index, rolesResult.roles));
      rules.push(toPolicyRule(source, rule, index));
    });
    mergeDefaults(data, file, autonomy, principalLimits, toolLimits);
  }

  if (errors.length > 0 || rolesResult.roles === undefined) {
    throw new WatchkeeperError(
      'POLICY_INVALID',
      `invalid policy in ${dir}:\n${errors.map(formatPolicyError).join('\n')}`,
      { errors },
    );
  }
  return { dir, files: policyFiles, roles: rolesResult.roles, rules, autonomy, principalLimits, toolLimits };
}

/** Rule ids of a document that failed its schema (undefined where a rule has no string id). */
function rawRuleIds(source: YamlSource): (string | undefined)[] {
  const rules = (source.value as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.map((r: unknown) => {
    const id = (r as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  });
}

/** Checks a schema-valid rule against the rest of the configuration (roles exist, approval fits effect). */
function checkRule(
  source: YamlSource,
  rule: RuleInput,
  index: number,
  roles: RolesConfig | undefined,
): PolicyFileError[] {
  const errors: PolicyFileError[] = [];
  const at = (path: readonly PropertyKey[], message: string): void => {
    errors.push({
      file: source.file,
      line: lineOf(source, ['rules', index, ...path]),
      message: `rules.${index}.${path.join('.')}: ${message}`,
    });
  };
  if (rule.approval !== undefined && rule.effect !== 'approve') {
    at(['approval'], `only valid with effect approve (effect is ${rule.effect})`);
  }
  if (roles !== undefined) {
    const known = Object.keys(roles.roles);
    const checkRoles = (list: readonly string[] | undefined, path: readonly PropertyKey[]): void => {
      list?.forEach((role, i) => {
        if (!known.includes(role))
          at([...path, i], `unknown role "${role}" (roles.yaml defines ${known.join(', ') || 'none'})`);
      });
    };
    checkRoles(rule.match.roles, ['match', 'roles']);
    checkRoles(rule.approval?.roles, ['approval', 'roles']);
  }
  return errors;
}

function toPolicyRule(source: YamlSource, rule: RuleInput, index: number): PolicyRule {
  const approval: { -readonly [K in keyof ApprovalRequirements]?: ApprovalRequirements[K] } = {};
  const a = rule.approval;
  if (a?.count !== undefined) approval.count = a.count;
  if (a?.roles !== undefined) approval.roles = a.roles;
  if (a?.distinctFromRequester !== undefined) approval.distinctFromRequester = a.distinctFromRequester;
  if (a?.secondFactor !== undefined) approval.secondFactor = a.secondFactor;
  if (a?.distinctRoles !== undefined) approval.distinctRoles = a.distinctRoles;
  const seconds = a?.expiresIn === undefined ? undefined : parseDuration(a.expiresIn);
  if (seconds !== undefined) approval.expiresInSeconds = seconds;
  return {
    ref: `${basename(source.file)}#${rule.id}`,
    id: rule.id,
    file: source.file,
    line: lineOf(source, ['rules', index]),
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    match: toMatch(rule.match),
    effect: rule.effect,
    ...(rule.effect === 'approve' ? { approval } : {}),
  };
}

function toMatch(m: MatchInput): RuleMatch {
  const list = (v: string | string[] | undefined): readonly string[] | undefined =>
    v === undefined ? undefined : typeof v === 'string' ? [v] : v;
  const out: { -readonly [K in keyof RuleMatch]?: RuleMatch[K] } = {};
  const fields = ['domain', 'skill', 'tool', 'environment', 'service'] as const;
  for (const f of fields) {
    const v = list(m[f]);
    if (v !== undefined) out[f] = v;
  }
  if (m.tags !== undefined) out.tags = m.tags;
  if (m.roles !== undefined) out.roles = m.roles;
  if (m.risk !== undefined) out.risk = riskSet(m.risk);
  return out;
}

/** `">=high"` → `[high, critical]`; a single risk or list stays as given. */
export function riskSet(matcher: string | readonly string[]): readonly Risk[] {
  if (typeof matcher !== 'string') return RISKS.filter((r) => matcher.includes(r));
  const m = /^(>=|<=|>|<)?(low|medium|high|critical)$/.exec(matcher);
  const op = m?.[1];
  const pivot = riskRank((m?.[2] ?? 'critical') as Risk);
  return RISKS.filter((r) => {
    const rank = riskRank(r);
    if (op === '>=') return rank >= pivot;
    if (op === '<=') return rank <= pivot;
    if (op === '>') return rank > pivot;
    if (op === '<') return rank < pivot;
    return rank === pivot;
  });
}

function mergeDefaults(
  data: PolicyFileInput,
  file: string,
  autonomy: Record<string, AutonomyMode>,
  principalLimits: PrincipalLimit[],
  toolLimits: ToolLimit[],
): void {
  for (const [key, mode] of Object.entries(data.defaults?.autonomy ?? {})) {
    const existing = autonomy[key];
    autonomy[key] = existing === undefined ? mode : stricterAutonomy(existing, mode);
  }
  if (data.limits?.principal !== undefined) {
    principalLimits.push({ perMinute: data.limits.principal.perMinute, source: basename(file) });
  }
  for (const [tool, limit] of Object.entries(data.limits?.tool ?? {})) {
    toolLimits.push({ tool, perMinute: limit.perMinute, source: basename(file) });
  }
}
