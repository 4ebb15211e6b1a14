import type { IdentityRepository, IdentityResolver, PolicyEngine, Principal } from '../core/index.js';
import { BOT_PRINCIPAL_ID } from '../core/index.js';

/** A principal's last-seen time is rewritten at most this often while the display name stays the same. */
const SEEN_REFRESH_MS = 60_000;

/** `platform:user` → Principal with roles from policies/roles.yaml; remembers display names. */
export function createIdentityResolver(
  policy: PolicyEngine,
  identities: IdentityRepository,
  now: () => string,
): IdentityResolver {
  /** What was last written per principal: a busy user's every command need not be a database commit. */
  const written = new Map<string, { readonly name: string; readonly atMs: number }>();
  const remember = (principalId: string, displayName: string): void => {
    const at = now();
    const atMs = Date.parse(at);
    const last = written.get(principalId);
    if (last !== undefined && last.name === displayName && atMs - last.atMs < SEEN_REFRESH_MS) return;
    identities.seen(principalId, displayName, at);
    written.set(principalId, { name: displayName, atMs });
  };
  return {
    resolve(principalId: string, displayName?: string): Principal {
      if (displayName !== undefined) remember(principalId, displayName);
      return {
        id: principalId,
        kind: principalId === BOT_PRINCIPAL_ID ? 'bot' : 'person',
        displayName: displayName ?? identities.displayName(principalId) ?? principalId,
        roles: policy.rolesOf(principalId),
      };
    },
  };
}
