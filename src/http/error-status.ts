import type { ErrorCode, HttpReply, WatchkeeperError } from '../core/index.js';
import { ValidationError } from '../core/index.js';

/**
 * The one mapping from an error code to an HTTP status. Routes throw coded errors; the server turns
 * them into statuses here so every surface (hooks, API, adapters' endpoints) answers the same way.
 */
export function statusForErrorCode(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'COMMAND_INVALID':
    case 'COMMAND_UNKNOWN':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'POLICY_DENIED':
    case 'APPROVAL_NOT_ALLOWED':
      return 403;
    case 'NOT_FOUND':
    case 'APPROVAL_NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'APPROVAL_CLOSED':
    case 'APPROVAL_EXPIRED':
    case 'APPROVAL_TOKEN_INVALID':
    case 'APPROVAL_DIGEST_MISMATCH':
    case 'APPROVAL_DUPLICATE_VOTE':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
      return 429;
    case 'STORE_FULL':
      return 507;
    default:
      return 500;
  }
}

/** JSON body of every error answer: `{"error":{"code","message","issues"?}}`. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly issues?: readonly { path: string; message: string }[];
  };
}

/** 5xx codes whose message is written for the caller (it holds no internals) and tells them what to do. */
const CALLER_FACING_5XX: ReadonlySet<ErrorCode> = new Set(['STORE_FULL']);

/** Builds the error body; a 5xx never carries the original message (it may hold internals). */
export function errorBody(err: WatchkeeperError, status: number): ErrorBody {
  const message = status >= 500 && !CALLER_FACING_5XX.has(err.code) ? 'internal error' : err.message;
  const issues = issuesOf(err);
  return { error: issues ? { code: err.code, message, issues } : { code: err.code, message } };
}

/** A complete reply for a coded error. */
export function errorReply(err: WatchkeeperError): HttpReply {
  const status = statusForErrorCode(err.code);
  return { status, body: errorBody(err, status) };
}

function issuesOf(err: WatchkeeperError): readonly { path: string; message: string }[] | undefined {
  if (err instanceof ValidationError) return err.issues;
  if (err.code !== 'COMMAND_INVALID' || !Array.isArray(err.details)) return undefined;
  const ok = err.details.every(
    (d: unknown) =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as { path?: unknown }).path === 'string' &&
      typeof (d as { message?: unknown }).message === 'string',
  );
  return ok ? (err.details as { path: string; message: string }[]) : undefined;
}
