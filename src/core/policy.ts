import type { Principal } from './principal.js';
import type { Risk } from './risk.js';
import type { Target } from './tool.js';

export const AUTONOMY_MODES = ['shadow', 'suggest', 'supervised', 'autonomous'] as const;
export type AutonomyMode = (typeof AUTONOMY_MODES)[number];

export interface ApprovalRequirements {
  readonly count: number;
  /** Any of these roles may vote; empty means any known principal. */
  readonly roles: readonly string[];
  readonly distinctFromRequester: boolean;
  readonly expiresInSeconds: number;
  readonly secondFactor: 'none' | 'totp';
  /** Each approving voter must bring an eligible role no earlier approver holds (two-role approval). */
  readonly distinctRoles?: boolean;
  /** Set by the constitution: an approving vote must acknowledge that the step cannot be undone. */
  readonly acknowledge?: 'irreversible';
}

export type DecisionEffect = 'allow' | 'deny' | 'approve' | 'dry_run_only';

/** The policy's verdict for a step, with the rule that produced it. */
export interface Decision {
  readonly effect: DecisionEffect;
  /** `file#rule-id`, or a built-in name such as `default-deny`. */
  readonly rule: string;
  readonly reason: string;
  readonly risk: Risk;
  readonly autonomy: AutonomyMode;
  readonly requirements?: ApprovalRequirements;
}

/** A step as the policy sees it: the tool's declaration is looked up by the caller. */
export interface PolicyStep {
  readonly domain: string;
  readonly skill: string;
  readonly tool: string;
  /** Undefined when the tool is unknown: always denied. */
  readonly declared?: { readonly risk: Risk; readonly reversible: boolean; readonly scope: string };
  readonly target: Target;
  readonly suggestedRisk?: Risk;
}

/** Facts the pure engine cannot know by itself. */
export interface PolicyEnv {
  readonly now: Date;
  /** Tool calls by this principal in the last rate window. */
  readonly principalCalls: number;
  /** Calls of this tool in the last rate window. */
  readonly toolCalls: number;
  /** Autonomy set at run time (`/wk autonomy`, demotion); wins over the files for the same key. */
  readonly autonomyOverrides?: Readonly<Record<string, AutonomyMode>>;
}

/** Pure, synchronous, default deny. */
export interface PolicyEngine {
  decide(principal: Principal, step: PolicyStep, env: PolicyEnv): Decision;
  /** Roles for a principal id, from roles.yaml. */
  rolesOf(principalId: string): readonly string[];
  /** The rate window in seconds the env counters must cover. */
  readonly rateWindowSeconds: number;
  /** Whether this principal may have the bot join/serve it (allow/deny lists). */
  isPrincipalAllowed(principalId: string): boolean;
}
