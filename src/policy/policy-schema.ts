import { z } from 'zod';
import { AUTONOMY_MODES, RISKS } from '../core/index.js';
import { DURATION_PATTERN } from './parse-duration.js';

/**
 * zod schemas for the three kinds of policy files. Objects are strict so that a misspelt key is an error
 * with its line, not a silently ignored setting. Messages are written for operators.
 */

const RISK_LIST = RISKS.join('|');

/** An enum whose error names the allowed values (`expected one of allow|deny|…`). */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'required' : `expected one of ${values.join('|')}`),
  });
}

const text = z.string().min(1, 'must not be empty');
const textOrList = z.union([text, z.array(text).min(1)], {
  error: (issue) =>
    issue.input === undefined ? 'required' : 'expected a string or a non-empty list of strings',
});

export const riskSchema = oneOf(RISKS);
export const effectSchema = oneOf(['allow', 'deny', 'approve', 'dry_run_only'] as const);
export const autonomySchema = oneOf(AUTONOMY_MODES);

const RISK_MATCH_ERROR = `expected a risk (${RISK_LIST}), a list of risks, or a comparison such as ">=high"`;
const DURATION_ERROR = 'expected a duration such as "15m", "1h", "90s" or a number of seconds';

const riskMatcherSchema = z.union(
  [
    riskSchema,
    z.array(riskSchema).min(1),
    z.string().regex(new RegExp(`^(>=|<=|>|<)(${RISK_LIST})$`), RISK_MATCH_ERROR),
  ],
  { error: RISK_MATCH_ERROR },
);

const perMinute = z.strictObject({ perMinute: z.number().int().min(1, 'must be at least 1') });

const approvalSchema = z.strictObject({
  count: z.number().int().min(1, 'must be at least 1').optional(),
  roles: z.array(text).optional(),
  distinctFromRequester: z.boolean().optional(),
  expiresIn: z
    .union([z.number().int().min(1, DURATION_ERROR), z.string().regex(DURATION_PATTERN, DURATION_ERROR)], {
      error: DURATION_ERROR,
    })
    .optional(),
  secondFactor: oneOf(['none', 'totp'] as const).optional(),
  /** A second approver must come from a different role than the first. */
  distinctRoles: z.boolean().optional(),
});

export const matchSchema = z.strictObject({
  domain: textOrList.optional(),
  skill: textOrList.optional(),
  tool: textOrList.optional(),
  environment: textOrList.optional(),
  service: textOrList.optional(),
  tags: z.array(text).min(1).optional(),
  risk: riskMatcherSchema.optional(),
  roles: z.array(text).min(1).optional(),
});

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  match: matchSchema.default({}),
  effect: effectSchema,
  approval: approvalSchema.optional(),
});

export const policyFileSchema = z.strictObject({
  version: z.literal(1, { error: 'expected 1' }),
  name: text,
  description: z.string().optional(),
  defaults: z.strictObject({ autonomy: z.record(z.string(), autonomySchema).optional() }).optional(),
  limits: z
    .strictObject({ principal: perMinute.optional(), tool: z.record(z.string(), perMinute).optional() })
    .optional(),
  rules: z.array(ruleSchema),
});

export const rolesFileSchema = z.strictObject({
  roles: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'role names are letters, digits, "_" or "-"'),
    z.strictObject({ description: z.string().optional(), members: z.array(text) }),
  ),
  allow: z
    .strictObject({ principals: z.array(text).optional(), servers: z.array(text).optional() })
    .optional(),
  deny: z.strictObject({ principals: z.array(text).optional() }).optional(),
});

const requirementsExpectSchema = z.strictObject({
  count: z.number().int().optional(),
  roles: z.array(z.string()).optional(),
  distinctFromRequester: z.boolean().optional(),
  expiresInSeconds: z.number().int().optional(),
  secondFactor: oneOf(['none', 'totp'] as const).optional(),
  distinctRoles: z.boolean().optional(),
});

export const policyTestFileSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  cases: z.array(
    z.strictObject({
      name: text,
      principal: z.strictObject({
        id: text,
        kind: oneOf(['person', 'bot'] as const).optional(),
        roles: z.array(z.string()).optional(),
      }),
      step: z.strictObject({
        domain: text,
        skill: text,
        tool: text,
        /** The tool's declared risk; omit it to model a tool the catalogue does not know. */
        risk: riskSchema.optional(),
        reversible: z.boolean().optional(),
        scope: z.string().optional(),
        target: z.strictObject({
          environment: text,
          service: z.string().optional(),
          asset: z.string().optional(),
          tags: z.array(z.string()).optional(),
        }),
        suggestedRisk: riskSchema.optional(),
      }),
      env: z
        .strictObject({
          principalCalls: z.number().int().min(0).optional(),
          toolCalls: z.number().int().min(0).optional(),
        })
        .optional(),
      expect: z.strictObject({
        effect: effectSchema,
        rule: z.string().optional(),
        risk: riskSchema.optional(),
        autonomy: autonomySchema.optional(),
        requirements: requirementsExpectSchema.optional(),
        /** Principal ids that may cast an approving vote on the resulting approval. */
        approvableBy: z.array(z.string()).optional(),
        /** Principal ids that may not. */
        notApprovableBy: z.array(z.string()).optional(),
      }),
    }),
  ),
});

export type PolicyFileInput = z.output<typeof policyFileSchema>;
export type RuleInput = z.output<typeof ruleSchema>;
export type MatchInput = z.output<typeof matchSchema>;
export type RolesFileInput = z.output<typeof rolesFileSchema>;
export type PolicyTestFileInput = z.output<typeof policyTestFileSchema>;
export type PolicyTestCaseInput = PolicyTestFileInput['cases'][number];
