/**
 * Who acts: a person on a platform (`slack:U123`, `discord:987`, `matrix:@ana:example.org`,
 * `console:operator`) or the bot itself (`watchkeeper`). Roles come from policies/roles.yaml.
 */
export interface Principal {
  readonly id: string;
  readonly kind: 'person' | 'bot';
  readonly displayName: string;
  readonly roles: readonly string[];
}

export const BOT_PRINCIPAL_ID = 'watchkeeper';

/** Resolves a platform identity into a Principal with its roles. */
export interface IdentityResolver {
  resolve(principalId: string, displayName?: string): Principal;
}
