/**
 * Short-lived credentials for one tool call. A lease holds exactly one scope's values; the executor
 * revokes it when the step ends, and the provider's TTL ends a lease that was never revoked.
 */
export interface SecretLease {
  readonly scope: string;
  /** Name → secret value, handed only to the tool call the lease was taken for. */
  readonly values: Readonly<Record<string, string>>;
  /** Provider-side id (a Vault lease id) when the secret is dynamic. */
  readonly leaseId?: string;
  readonly expiresAt: string;
}

/** Where secrets come from: environment/file by default, or Vault/OpenBao over HTTP. */
export interface SecretProvider {
  readonly id: string;
  /** Leases `scope` for at most `ttlSeconds`; throws `WatchkeeperError('CREDENTIAL_UNAVAILABLE')`. */
  lease(scope: string, ttlSeconds: number): Promise<SecretLease>;
  /** Ends a lease early. Must not throw for a lease that already expired. */
  revoke(lease: SecretLease): Promise<void>;
}
