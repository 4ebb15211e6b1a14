import type { ApprovalRequirements, AutonomyMode, DecisionEffect, Risk } from '../core/index.js';

/** What a rule matches on, normalised: every string field is a list of globs, risks are a set. */
export interface RuleMatch {
  readonly domain?: readonly string[];
  readonly skill?: readonly string[];
  readonly tool?: readonly string[];
  readonly environment?: readonly string[];
  readonly service?: readonly string[];
  /** The target carries any of these tags. */
  readonly tags?: readonly string[];
  readonly risk?: readonly Risk[];
  /** The principal has any of these roles. */
  readonly roles?: readonly string[];
}

/** One rule of a policy file, with where it came from so decisions and errors can name it. */
export interface PolicyRule {
  /** `<file-basename>#<rule id>`: what a Decision's `rule` says. */
  readonly ref: string;
  readonly id: string;
  readonly file: string;
  readonly line: number;
  readonly description?: string;
  readonly match: RuleMatch;
  readonly effect: DecisionEffect;
  /** Only for `approve`; missing fields take the engine's defaults. */
  readonly approval?: Partial<ApprovalRequirements>;
}

/** roles.yaml: role → member globs, plus the allow/deny lists. */
export interface RolesConfig {
  readonly file: string;
  readonly roles: Readonly<Record<string, readonly string[]>>;
  readonly allowPrincipals: readonly string[];
  readonly allowServers: readonly string[];
  readonly denyPrincipals: readonly string[];
}

export interface PrincipalLimit {
  readonly perMinute: number;
  readonly source: string;
}

export interface ToolLimit {
  readonly tool: string;
  readonly perMinute: number;
  readonly source: string;
}

/** Every policy file of a folder, validated and merged; the input of `createPolicyEngine`. */
export interface LoadedPolicies {
  readonly dir: string;
  /** Policy files in evaluation order (alphabetical). */
  readonly files: readonly string[];
  readonly roles: RolesConfig;
  /** Rules of every file in order: the first match wins. */
  readonly rules: readonly PolicyRule[];
  /** `<domain>` or `<domain>.<tool>` → mode; where files disagree the strictest mode is kept. */
  readonly autonomy: Readonly<Record<string, AutonomyMode>>;
  /** Every limit applies: the tightest one decides. */
  readonly principalLimits: readonly PrincipalLimit[];
  readonly toolLimits: readonly ToolLimit[];
}
