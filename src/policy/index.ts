/** Policy files → a pure, default-deny PolicyEngine; risk scoring; the approval service; policy tests. */
export { loadPolicies, riskSet, ROLES_FILE, POLICY_SUFFIX } from './load-policies.js';
export type {
  LoadedPolicies,
  PolicyRule,
  RuleMatch,
  RolesConfig,
  PrincipalLimit,
  ToolLimit,
} from './loaded-policies.js';
export { createPolicyEngine, defaultRequirements, RATE_WINDOW_SECONDS } from './policy-engine.js';
export { computeRisk, targetRisk, SENSITIVE_TAGS, PRODUCTION } from './compute-risk.js';
export {
  AUTONOMY_ORDER,
  DEFAULT_AUTONOMY,
  autonomyFor,
  autonomyKeys,
  demoted,
  promoted,
  stricterAutonomy,
} from './autonomy.js';
export { strictness } from './decision-strictness.js';
export { globMatch, anyGlobMatch } from './glob-match.js';
export { parseDuration } from './parse-duration.js';
export { createApprovalService, type ApprovalServiceOptions } from './approval-service.js';
export { approvalToken, approvalTokenMatches } from './approval-token.js';
export { approverRefusal, type Refusal } from './approver-eligibility.js';
export {
  runPolicyTests,
  formatPolicyTestReport,
  POLICY_TEST_SUFFIX,
  type PolicyTestReport,
  type PolicyTestCaseResult,
} from './run-policy-tests.js';
export { policyCheck, type PolicyCheckResult } from './policy-check.js';
export { formatPolicyError, type PolicyFileError } from './yaml-source.js';
export { createConstitution } from './constitution.js';
export { loadConstitution, CONSTITUTION_FILE } from './constitution-load.js';
export { constitutionFileSchema, type ConstitutionFile } from './constitution-schema.js';
export { createSecondFactor, type SecondFactorOptions } from './second-factor.js';
export { totp, hotp, matchTotp, otpauthUri, base32Encode, base32Decode } from './totp.js';
