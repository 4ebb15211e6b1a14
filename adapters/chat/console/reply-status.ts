import type { ErrorCode, OutgoingMessage } from '../../../src/core/index.js';

/**
 * HTTP status for `POST /api/commands`: the first refusing reply decides (the body is `{replies}`
 * either way). A tiny local table: adapters may not import src/http's mapping.
 */
export function commandStatus(replies: readonly OutgoingMessage[]): number {
  const code = replies.find((r) => r.error !== undefined)?.error?.code;
  switch (code) {
    case undefined:
      return 200;
    case 'COMMAND_UNKNOWN':
    case 'COMMAND_INVALID':
    case 'VALIDATION_FAILED':
      return 400;
    case 'POLICY_DENIED':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    default:
      return 200;
  }
}

/** HTTP status for `POST /api/approvals/:id/votes`, from the first reply's error code. */
export function voteStatus(replies: readonly OutgoingMessage[]): number {
  const code: ErrorCode | undefined = replies[0]?.error?.code;
  if (code === undefined) return 200;
  if (code === 'APPROVAL_NOT_FOUND') return 404;
  if (code === 'APPROVAL_NOT_ALLOWED' || code === 'POLICY_DENIED') return 403;
  if (code.startsWith('APPROVAL_')) return 409;
  if (code === 'RATE_LIMITED') return 429;
  if (code === 'VALIDATION_FAILED' || code === 'COMMAND_INVALID') return 400;
  return 200;
}
