import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import { SignaturePool } from '../../../src/audit/signature-pool.js';

describe('SignaturePool', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const items = Array.from({ length: 300 }, (_, i) => {
    const hash = createHash('sha256').update(`entry ${i}`).digest('hex');
    return { seq: i + 1, hash, signature: sign(null, Buffer.from(hash, 'utf8'), privateKey) };
  });

  /** Blocks this thread (as the verifier does while it hashes) until a worker has claimed a chunk. */
  function waitForWorkers(pool: SignaturePool): void {
    const until = Date.now() + 20_000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (Date.now() < until && !pool.claimedElsewhere()) Atomics.wait(pause, 0, 0, 20);
  }

  it('finds no bad signature among good ones, with the checks done on a worker', () => {
    const pool = new SignaturePool(pem, { workers: 1, minSignatures: 1 });
    for (const x of items) pool.add(x.seq, x.hash, x.signature);
    waitForWorkers(pool);
    expect(pool.finish()).to.equal(undefined);
    const stats = pool.stats();
    expect(stats.chunks).to.equal(5);
    expect(stats.verifiedHere).to.be.below(stats.chunks);
  });

  it('returns the lowest entry whose signature fails, wherever it was checked', () => {
    const pool = new SignaturePool(pem, { workers: 1, minSignatures: 1 });
    items.forEach((x) => {
      const bad = x.seq === 77 || x.seq === 250;
      pool.add(x.seq, x.hash, bad ? Buffer.alloc(64, 1) : x.signature);
    });
    waitForWorkers(pool);
    expect(pool.finish()).to.equal(77);
  });

  it('checks everything on this thread when no worker is allowed', () => {
    const pool = new SignaturePool(pem, { workers: 0 });
    items.forEach((x) => pool.add(x.seq, x.hash, x.seq === 300 ? items[0]!.signature : x.signature));
    expect(pool.finish()).to.equal(300);
    expect(pool.stats()).to.deep.equal({ chunks: 5, verifiedHere: 5 });
  });

  it('starts no worker for fewer signatures than the threshold', () => {
    const pool = new SignaturePool(pem, { workers: 2, minSignatures: 1000 });
    for (const x of items) pool.add(x.seq, x.hash, x.signature);
    expect(pool.claimedElsewhere()).to.equal(false);
    expect(pool.finish()).to.equal(undefined);
    expect(pool.stats()).to.deep.equal({ chunks: 5, verifiedHere: 5 });
  });

  it('settles old chunks as it goes and still reports the lowest failure', () => {
    for (const badSeq of [3, 150, 299]) {
      const pool = new SignaturePool(pem, { workers: 1, minSignatures: 1, maxPendingChunks: 2 });
      items.forEach((x) => pool.add(x.seq, x.hash, x.seq === badSeq ? Buffer.alloc(64) : x.signature));
      expect(pool.finish(), `bad entry ${badSeq}`).to.equal(badSeq);
      expect(pool.stats().chunks).to.equal(5);
    }
  });
});
