import { sign } from 'node:crypto';
import { expect } from 'chai';
import { checkSignature, publicKeyFromHex } from '../../../../../adapters/chat/discord/index.js';
import { interactionKeys } from '../../../../fakes/discord/interactions.js';

describe('discord Ed25519 verification', () => {
  const { privateKey, publicKeyHex } = interactionKeys();
  const key = publicKeyFromHex(publicKeyHex);
  const body = Buffer.from('{"type":1}');
  const now = 1_764_000_000_000;
  const ts = String(now / 1000);
  const sig = sign(null, Buffer.from(ts + body.toString()), privateKey).toString('hex');

  it('accepts a genuine signature and refuses tampering, missing headers and stale timestamps', () => {
    expect(checkSignature(key, { signature: sig, timestamp: ts }, body, now)).to.equal(undefined);
    expect(checkSignature(key, { signature: sig, timestamp: ts }, Buffer.from('{"type":2}'), now)).to.equal(
      'bad signature',
    );
    expect(checkSignature(key, { timestamp: ts }, body, now)).to.equal('missing signature headers');
    expect(checkSignature(key, { signature: 'zz', timestamp: ts }, body, now)).to.equal(
      'malformed signature',
    );
    expect(checkSignature(key, { signature: sig, timestamp: ts }, body, now + 301_000)).to.equal(
      'stale timestamp',
    );
  });

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => publicKeyFromHex('abcd')).to.throw(/32 bytes/);
  });
});
