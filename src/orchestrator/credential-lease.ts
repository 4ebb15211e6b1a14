import { WatchkeeperError, type Logger, type SecretLease, type SecretProvider } from '../core/index.js';

export interface CredentialOptions {
  readonly provider: SecretProvider;
  /** Upper bound on a lease; the provider ends a lease nobody revoked (e.g. after a crash). */
  readonly maxTtlSeconds: number;
}

export type LeaseOutcome =
  | { readonly ok: true; readonly lease: SecretLease | undefined }
  | { readonly ok: false; readonly error: string };

/**
 * Leases exactly one step's scope for the step's duration: long enough for every attempt with its
 * timeout, never longer than the configured maximum. No provider configured → no credentials.
 */
export async function leaseForStep(
  o: CredentialOptions | undefined,
  scope: string,
  stepBudgetMs: number,
): Promise<LeaseOutcome> {
  if (o === undefined) return { ok: true, lease: undefined };
  const ttl = Math.max(1, Math.min(o.maxTtlSeconds, Math.ceil(stepBudgetMs / 1000)));
  try {
    return { ok: true, lease: await o.provider.lease(scope, ttl) };
  } catch (err) {
    const code = err instanceof WatchkeeperError ? err.code : 'CREDENTIAL_UNAVAILABLE';
    // Provider errors describe the scope and the HTTP status, never a secret value.
    return { ok: false, error: `${code}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Revokes a lease when its step ends, fails or times out; a failed revoke is logged (the TTL ends it). */
export async function revokeLease(
  o: CredentialOptions | undefined,
  lease: SecretLease | undefined,
  logger: Logger,
): Promise<void> {
  if (o === undefined || lease === undefined) return;
  try {
    await o.provider.revoke(lease);
  } catch (err) {
    logger.warn('credential revoke failed; the lease ends at its TTL', {
      scope: lease.scope,
      expiresAt: lease.expiresAt,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
