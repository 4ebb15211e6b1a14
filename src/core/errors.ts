/**
 * Coded errors. Callers branch on `code`, never on message text.
 * One small subclass per family; `toWatchkeeperError` converts anything thrown at an edge.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'VALIDATION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'POLICY_INVALID'
  | 'POLICY_DENIED'
  | 'RATE_LIMITED'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_CLOSED'
  | 'APPROVAL_EXPIRED'
  | 'APPROVAL_TOKEN_INVALID'
  | 'APPROVAL_DIGEST_MISMATCH'
  | 'APPROVAL_NOT_ALLOWED'
  | 'APPROVAL_DUPLICATE_VOTE'
  | 'APPROVAL_SECOND_FACTOR'
  | 'APPROVAL_ACK_REQUIRED'
  | 'CONSTITUTION_REFUSED'
  | 'CREDENTIAL_UNAVAILABLE'
  | 'TOOL_UNKNOWN'
  | 'TOOL_FAILED'
  | 'TOOL_TRANSIENT'
  | 'CIRCUIT_OPEN'
  | 'PLAN_INVALID'
  | 'COMMAND_UNKNOWN'
  | 'COMMAND_INVALID'
  | 'AUDIT_BROKEN'
  | 'STORE_FAILED'
  /** The database reached its size budget (WATCHKEEPER_DB_MAX_MB) or the disk is full. */
  | 'STORE_FULL'
  /** A playbook revision was made against a version that is no longer the newest. */
  | 'PLAYBOOK_REVISION_STALE'
  /** A playbook revision names a tool or step that does not exist, or is not applicable. */
  | 'PLAYBOOK_REVISION_INVALID'
  /** A playbook revision would lower a step's risk. */
  | 'PLAYBOOK_RISK_LOWERED'
  | 'INTERNAL';

export class WatchkeeperError extends Error {
  override readonly name: string = 'WatchkeeperError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An input failed its schema; `issues` name each bad field. */
export class ValidationError extends WatchkeeperError {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super('VALIDATION_FAILED', message, issues);
  }
}

/** Policy said no, or an approval cannot take a vote. */
export class PolicyError extends WatchkeeperError {
  override readonly name = 'PolicyError';
}

/** A tool call failed; `transient` faults may be retried with back-off. */
export class ToolError extends WatchkeeperError {
  override readonly name = 'ToolError';
  constructor(
    message: string,
    readonly transient: boolean,
    details?: unknown,
  ) {
    super(transient ? 'TOOL_TRANSIENT' : 'TOOL_FAILED', message, details);
  }
}

export function toWatchkeeperError(err: unknown): WatchkeeperError {
  if (err instanceof WatchkeeperError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new WatchkeeperError('INTERNAL', message, undefined, { cause: err });
}
