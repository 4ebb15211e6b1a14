import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_PRINCIPAL_ID, WatchkeeperError } from '../core/index.js';
import type { Decision, PolicyEngine, PolicyEnv, PolicyStep, Principal } from '../core/index.js';
import { approverRefusal } from './approver-eligibility.js';
import { policyTestFileSchema } from './policy-schema.js';
import type { PolicyTestCaseInput } from './policy-schema.js';
import { readPolicyYaml } from './read-policy-yaml.js';
import { formatPolicyError, lineOf } from './yaml-source.js';
import type { PolicyFileError } from './yaml-source.js';

export const POLICY_TEST_SUFFIX = '.policy.test.yaml';

/** The outcome of one case: where it is, whether it passed, and what differed. */
export interface PolicyTestCaseResult {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly passed: boolean;
  /** One line per mismatch: `effect: expected approve, got deny`. Empty when passed. */
  readonly diff: readonly string[];
  readonly decision: Decision;
}

export interface PolicyTestReport {
  readonly files: readonly string[];
  readonly results: readonly PolicyTestCaseResult[];
  readonly passed: number;
  readonly failed: number;
}

/** Rate counters are zero unless a case sets them; the engine never reads the time. */
const EPOCH = new Date(0);

/**
 * Runs every `*.policy.test.yaml` case of `dir` (principal + step → expected decision) against `engine`,
 * like cerbos' policy tests: policies are data with tests beside them. A malformed test file throws
 * `POLICY_INVALID` listing every error with file and line.
 */
export function runPolicyTests(dir: string, engine: PolicyEngine): PolicyTestReport {
  const files = readdirSync(dir)
    .filter((n) => n.endsWith(POLICY_TEST_SUFFIX))
    .sort()
    .map((n) => join(dir, n));
  const errors: PolicyFileError[] = [];
  const results: PolicyTestCaseResult[] = [];
  for (const file of files) {
    const read = readPolicyYaml(file, policyTestFileSchema);
    if (!read.ok) {
      errors.push(...read.errors);
      continue;
    }
    read.data.cases.forEach((c, i) => {
      const decision = engine.decide(principalOf(c, engine), stepOf(c), envOf(c));
      const diff = compare(c, decision, engine);
      results.push({
        file,
        line: lineOf(read.source, ['cases', i]),
        name: c.name,
        passed: diff.length === 0,
        diff,
        decision,
      });
    });
  }
  if (errors.length > 0) {
    throw new WatchkeeperError(
      'POLICY_INVALID',
      `invalid policy tests in ${dir}:\n${errors.map(formatPolicyError).join('\n')}`,
      { errors },
    );
  }
  const passed = results.filter((r) => r.passed).length;
  return { files, results, passed, failed: results.length - passed };
}

/** Human-readable report: one line per case, the diff under each failure, a total. */
export function formatPolicyTestReport(report: PolicyTestReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${r.passed ? 'ok  ' : 'FAIL'} ${r.file}:${r.line}: ${r.name}`);
    for (const d of r.diff) lines.push(`       ${d}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed (${report.files.length} test files)`);
  return lines.join('\n');
}

function principalOf(c: PolicyTestCaseInput, engine: PolicyEngine): Principal {
  return {
    id: c.principal.id,
    kind: c.principal.kind ?? (c.principal.id === BOT_PRINCIPAL_ID ? 'bot' : 'person'),
    displayName: c.principal.id,
    roles: c.principal.roles ?? engine.rolesOf(c.principal.id),
  };
}

function stepOf(c: PolicyTestCaseInput): PolicyStep {
  const s = c.step;
  const t = s.target;
  return {
    domain: s.domain,
    skill: s.skill,
    tool: s.tool,
    ...(s.risk !== undefined
      ? { declared: { risk: s.risk, reversible: s.reversible ?? true, scope: s.scope ?? 'test' } }
      : {}),
    target: {
      environment: t.environment,
      ...(t.service !== undefined ? { service: t.service } : {}),
      ...(t.asset !== undefined ? { asset: t.asset } : {}),
      ...(t.tags !== undefined ? { tags: t.tags } : {}),
    },
    ...(s.suggestedRisk !== undefined ? { suggestedRisk: s.suggestedRisk } : {}),
  };
}

function envOf(c: PolicyTestCaseInput): PolicyEnv {
  return { now: EPOCH, principalCalls: c.env?.principalCalls ?? 0, toolCalls: c.env?.toolCalls ?? 0 };
}

/** `rule: high-risk` matches `default.policy.yaml#high-risk`; a built-in name or full ref must be exact. */
function ruleEquals(expected: string, actual: string): boolean {
  return expected === actual || (!expected.includes('#') && actual.endsWith(`#${expected}`));
}

function compare(c: PolicyTestCaseInput, d: Decision, engine: PolicyEngine): string[] {
  const e = c.expect;
  const diff: string[] = [];
  const got = `${d.effect} (rule ${d.rule}: ${d.reason})`;
  if (e.effect !== d.effect) diff.push(`effect: expected ${e.effect}, got ${got}`);
  if (e.rule !== undefined && !ruleEquals(e.rule, d.rule))
    diff.push(`rule: expected ${e.rule}, got ${d.rule}`);
  if (e.risk !== undefined && e.risk !== d.risk) diff.push(`risk: expected ${e.risk}, got ${d.risk}`);
  if (e.autonomy !== undefined && e.autonomy !== d.autonomy) {
    diff.push(`autonomy: expected ${e.autonomy}, got ${d.autonomy}`);
  }
  const r = d.requirements;
  if (e.requirements !== undefined) {
    if (r === undefined) diff.push('requirements: expected approval requirements, got none');
    else {
      for (const [key, want] of Object.entries(e.requirements)) {
        const have = r[key as keyof typeof r];
        const same = Array.isArray(want)
          ? Array.isArray(have) && sameSet(want as string[], have as readonly string[])
          : want === have;
        if (!same)
          diff.push(`requirements.${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(have)}`);
      }
    }
  }
  for (const voter of e.approvableBy ?? []) {
    const refusal = r && approverRefusal(r, c.principal.id, voter, engine.rolesOf(voter));
    if (r === undefined) diff.push(`approvableBy: ${voter} cannot approve: the decision needs no approval`);
    else if (refusal !== undefined) diff.push(`approvableBy: ${voter} cannot approve: ${refusal.message}`);
  }
  for (const voter of e.notApprovableBy ?? []) {
    if (r !== undefined && approverRefusal(r, c.principal.id, voter, engine.rolesOf(voter)) === undefined) {
      diff.push(`notApprovableBy: ${voter} could approve, expected not`);
    }
  }
  return diff;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
