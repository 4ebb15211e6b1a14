import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Clock, SecondFactor, TotpRepository } from '../core/index.js';
import { base32Decode, base32Encode, matchTotp, otpauthUri } from './totp.js';

export interface SecondFactorOptions {
  readonly repo: TotpRepository;
  readonly clock: Clock;
  /** Key material for AES-256-GCM over stored secrets (hashed to 32 bytes). */
  readonly key: Buffer;
  readonly issuer?: string;
  readonly random?: (n: number) => Buffer;
}

/**
 * TOTP second factor (RFC 6238). Secrets are stored encrypted with AES-256-GCM; a code is spent with the
 * approval id it was entered for, and its time step can never be spent again by that principal (so the
 * same code cannot approve a second request, nor the same one twice).
 */
export function createSecondFactor(o: SecondFactorOptions): SecondFactor {
  const key = createHash('sha256').update(o.key).digest();
  const random = o.random ?? randomBytes;
  const issuer = o.issuer ?? 'Watchkeeper';

  const seal = (plain: string): string => {
    const iv = random(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  };
  const open = (sealed: string): string | undefined => {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || iv === undefined || tag === undefined || body === undefined) return undefined;
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
    } catch {
      return undefined; // wrong key or tampered row: treated as not enrolled
    }
  };

  return {
    enrol(principal) {
      const secret = base32Encode(random(20));
      o.repo.put({ principal, secret: seal(secret), createdAt: o.clock.now().toISOString() });
      return { secret, uri: otpauthUri(issuer, principal, secret) };
    },
    enrolled(principal) {
      const e = o.repo.get(principal);
      return e !== undefined && open(e.secret) !== undefined;
    },
    verify(principal, code, approvalId) {
      const e = o.repo.get(principal);
      const secret = e === undefined ? undefined : open(e.secret);
      if (secret === undefined)
        return 'you have not enrolled a TOTP authenticator; run `2fa enrol` privately';
      const now = o.clock.now();
      const step = matchTotp(base32Decode(secret), code, now.getTime());
      if (step === undefined) return 'that TOTP code is wrong or too old; nothing was changed';
      if (!o.repo.spend(principal, step, approvalId, now.toISOString()))
        return 'that TOTP code was already used; wait for the next code';
      return undefined;
    },
  };
}
