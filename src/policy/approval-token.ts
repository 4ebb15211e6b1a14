import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token an approval button carries: base64url HMAC-SHA256 over `<id>:<digest>`. It proves the click
 * came from a prompt we rendered for this exact step, so a forged or stale button changes nothing.
 */
export function approvalToken(hmacKey: Buffer, approvalId: string, digest: string): string {
  return createHmac('sha256', hmacKey).update(`${approvalId}:${digest}`).digest('base64url');
}

/** Constant-time comparison of a presented token with the expected one. */
export function approvalTokenMatches(
  hmacKey: Buffer,
  approvalId: string,
  digest: string,
  token: string,
): boolean {
  const expected = Buffer.from(approvalToken(hmacKey, approvalId, digest));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
