import type { IdentityRepository, IdentityResolver, PolicyEngine, Principal } from '../core/index.js';
import { BOT_PRINCIPAL_ID } from '../core/index.js';

/** `platform:user` → Principal with roles from policies/roles.yaml; remembers display names. */
export function createIdentityResolver(
  policy: PolicyEngine,
  identities: IdentityRepository,
  now: () => string,
): IdentityResolver {
  return {
    resolve(principalId: string, displayName?: string): Principal {
      if (displayName !== undefined) identities.seen(principalId, displayName, now());
      return {
        id: principalId,
        kind: principalId === BOT_PRINCIPAL_ID ? 'bot' : 'person',
        displayName: displayName ?? identities.displayName(principalId) ?? principalId,
        roles: policy.rolesOf(principalId),
      };
    },
  };
}
