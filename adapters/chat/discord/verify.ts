import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** Discord defines no timestamp window; we refuse signatures older (or newer) than this. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The app's hex public key (32 bytes) → a KeyObject for `crypto.verify`. */
export function publicKeyFromHex(hex: string): KeyObject {
  const raw = Buffer.from(hex, 'hex');
  if (raw.length !== 32) throw new Error('DISCORD_PUBLIC_KEY must be 32 bytes of hex');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * Ed25519 over `timestamp + raw body`, plus our own age check on the timestamp (seconds since epoch).
 * Returns the reason a request is refused, or undefined when it is genuine.
 * @see https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
export function checkSignature(
  key: KeyObject,
  headers: { signature?: string | undefined; timestamp?: string | undefined },
  body: Buffer,
  nowMs: number,
): string | undefined {
  const { signature, timestamp } = headers;
  if (signature === undefined || timestamp === undefined) return 'missing signature headers';
  if (!/^[0-9a-f]{128}$/i.test(signature)) return 'malformed signature';
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs - ts * 1000) > MAX_SIGNATURE_AGE_MS) return 'stale timestamp';
  const ok = verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
  return ok ? undefined : 'bad signature';
}
