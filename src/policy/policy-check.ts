import { WatchkeeperError } from '../core/index.js';
import { DEFAULT_AUTONOMY } from './autonomy.js';
import { join } from 'node:path';
import { CONSTITUTION_FILE, loadConstitution } from './constitution-load.js';
import { loadPolicies } from './load-policies.js';
import { formatPolicyError } from './yaml-source.js';
import type { PolicyFileError } from './yaml-source.js';

export interface PolicyCheckResult {
  readonly ok: boolean;
  /** What `watchkeeper policy check` prints: a summary, or every error as `file:line: reason`. */
  readonly text: string;
  readonly errors: readonly PolicyFileError[];
}

/** Loads the policy folder and summarises it (files, rules, roles, autonomy, limits), or lists its errors. */
export function policyCheck(dir: string): PolicyCheckResult {
  try {
    const p = loadPolicies(dir);
    const lines = [
      `${dir}: ${p.files.length} policy file(s), ${p.rules.length} rule(s), ${Object.keys(p.roles.roles).length} role(s); no match → deny`,
    ];
    for (const file of p.files) {
      const rules = p.rules.filter((r) => r.file === file);
      lines.push(`  ${file}: ${rules.length} rule(s)`);
      for (const r of rules) lines.push(`    ${r.line}: ${r.id} → ${r.effect}`);
    }
    lines.push(`  roles (${p.roles.file}): ${Object.keys(p.roles.roles).join(', ')}`);
    const autonomy = Object.entries(p.autonomy).map(([k, v]) => `${k}=${v}`);
    lines.push(
      `  autonomy: ${autonomy.length > 0 ? autonomy.join(', ') : '(none set)'}; default ${DEFAULT_AUTONOMY}`,
    );
    const limits = [
      ...p.principalLimits.map((l) => `principal ${l.perMinute}/min`),
      ...p.toolLimits.map((l) => `${l.tool} ${l.perMinute}/min`),
    ];
    lines.push(`  limits: ${limits.length > 0 ? limits.join(', ') : '(none)'}`);
    // The constitution is checked with the policies: start-up refuses an invalid one just the same.
    const c = loadConstitution(join(dir, CONSTITUTION_FILE));
    lines.push(
      `  constitution: protected tags ${c.protectedAssets.tags.join(', ') || '(none)'}; ${c.changeFreezes.length} freeze window(s); ${c.blastRadius.length} blast-radius budget(s); scopes for ${Object.keys(c.scopes).join(', ') || '(none)'}`,
    );
    return { ok: true, text: lines.join('\n'), errors: [] };
  } catch (err) {
    if (!(err instanceof WatchkeeperError) || err.code !== 'POLICY_INVALID') throw err;
    const errors = (err.details as { errors: PolicyFileError[] }).errors;
    return { ok: false, text: errors.map(formatPolicyError).join('\n'), errors };
  }
}
