import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { AuditLog, AuditReader, AuditVerification, Store } from '../../../src/core/index.js';
import { createLedger, entryHash, verifyEntries } from '../../../src/audit/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { input, newKey, redact, steppingClock } from './ledger-fixture.js';

/**
 * Verification with the signature checks on worker threads must report exactly what the in-order check
 * reports: the same entry, the same reason. Every case runs both ways on the same tampered file.
 */
describe('verifyEntries with signature checks on worker threads', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let ledger: AuditLog & AuditReader;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-audit-par-'));
    path = join(dir, 'wk.db');
    store = openSqliteStore({ path, clock: steppingClock(), logger: silentLogger });
    ledger = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function tamper(...statements: [string, ...unknown[]][]): void {
    const raw = new Database(path);
    try {
      for (const [sql, ...params] of statements) raw.prepare(sql).run(...params);
    } finally {
      raw.close();
    }
  }

  /**
   * 100 entries signed one by one (seq 1–100), then 40 sealed batches of 25 (seq 101–1100): 140
   * signatures, several chunks of 64, so workers and this thread both take some.
   */
  function fill(): void {
    for (let i = 1; i <= 100; i++) ledger.append(input(i));
    for (let b = 0; b < 40; b++)
      store.transaction(() =>
        ledger.sealed(() => {
          for (let i = 0; i < 25; i++) ledger.append(input(101 + b * 25 + i));
        }),
      );
  }

  const inOrder = (): AuditVerification =>
    verifyEntries(store.audit.iterateStored(), ledger.publicKeyPem(), { workers: 0 });
  const onWorkers = (): AuditVerification =>
    verifyEntries(store.audit.iterateStored(), ledger.publicKeyPem(), { workers: 2, minSignatures: 1 });

  function expectBoth(expected: AuditVerification): void {
    expect(onWorkers()).to.deep.equal(expected);
    expect(inOrder()).to.deep.equal(expected);
  }

  const forgedSignature = Buffer.alloc(64, 9).toString('base64');

  it('verifies an intact ledger, also through ledger.verify()', () => {
    fill();
    expectBoth({ ok: true, count: 1100 });
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 1100 });
  });

  it('names an edited row inside a sealed batch', () => {
    fill();
    tamper([`UPDATE audit SET data = '{"n":99}' WHERE seq = 777`]);
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 777, reason: 'hash mismatch' } });
  });

  it('names a deleted row by the missing position', () => {
    fill();
    tamper(['DELETE FROM audit WHERE seq = 640']);
    expectBoth({ ok: false, count: 1099, firstBad: { seq: 640, reason: 'sequence gap' } });
  });

  it('names the first of two re-ordered rows', () => {
    fill();
    tamper(
      ['UPDATE audit SET seq = -1 WHERE seq = 901'],
      ['UPDATE audit SET seq = 901 WHERE seq = 902'],
      ['UPDATE audit SET seq = 902 WHERE seq = -1'],
    );
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 901, reason: 'hash mismatch' } });
  });

  it('names a stripped signature of an entry signed on its own', () => {
    fill();
    tamper([`UPDATE audit SET signature = '' WHERE seq = 60`]);
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 60, reason: 'bad signature' } });
  });

  it('names the unsigned tail when the last batch signature is stripped', () => {
    fill();
    tamper([`UPDATE audit SET signature = '' WHERE seq = 1100`]);
    expectBoth({
      ok: false,
      count: 1100,
      firstBad: { seq: 1076, reason: 'unsigned entries at the end of the ledger' },
    });
  });

  it('refuses a batch flag forged onto a signed entry to excuse a removed signature', () => {
    fill();
    tamper([`UPDATE audit SET signature = '', batch = 1 WHERE seq = 42`]);
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 42, reason: 'hash mismatch' } });
  });

  it('names a forged batch signature deep in the ledger', () => {
    fill();
    tamper(['UPDATE audit SET signature = ? WHERE seq = 1050', forgedSignature]);
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 1050, reason: 'bad signature' } });
  });

  it('names an entry re-hashed consistently but not re-signed', () => {
    fill();
    const e = ledger.after(299, 1)[0]!;
    expect(e.signature).to.not.equal('');
    tamper(['UPDATE audit SET actor = ?, hash = ? WHERE seq = 300', 'x', entryHash({ ...e, actor: 'x' })]);
    // Its successor still links to the old hash, but the missing signature comes first.
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 300, reason: 'bad signature' } });
  });

  it('reports a bad signature before a later hash mismatch, as the in-order check does', () => {
    fill();
    tamper(
      ['UPDATE audit SET signature = ? WHERE seq = 20', forgedSignature],
      [`UPDATE audit SET actor = 'x' WHERE seq = 700`],
    );
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 20, reason: 'bad signature' } });
  });

  it('reports an earlier hash mismatch rather than a later bad signature', () => {
    fill();
    tamper(
      [`UPDATE audit SET actor = 'x' WHERE seq = 10`],
      ['UPDATE audit SET signature = ? WHERE seq = 1000', forgedSignature],
    );
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 10, reason: 'hash mismatch' } });
  });

  it('names the lowest of several bad signatures spread over chunks', () => {
    fill();
    tamper(
      ['UPDATE audit SET signature = ? WHERE seq = 1100', forgedSignature],
      ['UPDATE audit SET signature = ? WHERE seq = 500', forgedSignature],
      ['UPDATE audit SET signature = ? WHERE seq = 95', forgedSignature],
    );
    expectBoth({ ok: false, count: 1100, firstBad: { seq: 95, reason: 'bad signature' } });
  });

  it('rejects every signature under another key', () => {
    fill();
    const other = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
    const options = { workers: 2, minSignatures: 1 };
    expect(verifyEntries(store.audit.iterateStored(), other.publicKeyPem(), options)).to.deep.equal({
      ok: false,
      count: 1100,
      firstBad: { seq: 1, reason: 'bad signature' },
    });
  });

  it('starts the workers early on a long ledger and still names a bad signature near its end', () => {
    for (let b = 0; b < 100; b++)
      store.transaction(() =>
        ledger.sealed(() => {
          for (let i = 0; i < 25; i++) ledger.append(input(b * 25 + i));
        }),
      );
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 2500 });
    tamper(['UPDATE audit SET signature = ? WHERE seq = 2475', forgedSignature]);
    expect(ledger.verify()).to.deep.equal({
      ok: false,
      count: 2500,
      firstBad: { seq: 2475, reason: 'bad signature' },
    });
    expect(inOrder()).to.deep.equal(ledger.verify());
  });
});
