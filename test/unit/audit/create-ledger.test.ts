import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { AuditLog, AuditReader, Store } from '../../../src/core/index.js';
import { createLedger, entryHash, GENESIS_HASH, verifyEntries } from '../../../src/audit/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { input, newKey, redact, steppingClock } from './ledger-fixture.js';

describe('createLedger', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let ledger: AuditLog & AuditReader;
  const key = newKey();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-audit-'));
    path = join(dir, 'wk.db');
    store = openSqliteStore({ path, clock: steppingClock(), logger: silentLogger });
    ledger = createLedger({ repo: store.audit, signingKey: key, clock: steppingClock(), redact });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Raw SQL through a second connection, as an attacker with file access would do. */
  function tamper(sql: string, ...params: unknown[]): void {
    const raw = new Database(path);
    try {
      raw.prepare(sql).run(...params);
    } finally {
      raw.close();
    }
  }

  function fill(n: number): void {
    for (let i = 1; i <= n; i++) ledger.append(input(i));
  }

  it('chains entries from the genesis hash and verifies them', () => {
    const first = ledger.append(input(1));
    const second = ledger.append(input(2));
    expect(first).to.include({ seq: 1, prevHash: GENESIS_HASH, at: '2024-05-01T10:00:01.000Z' });
    expect(second).to.include({ seq: 2, prevHash: first.hash });
    expect(first.hash).to.match(/^[0-9a-f]{64}$/);
    expect(Buffer.from(first.signature, 'base64')).to.have.length(64);
    expect(ledger.after(0, 10)).to.deep.equal([first, second]);
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 2 });
    expect(ledger.publicKeyPem()).to.match(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('verifies an empty ledger', () => {
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 0 });
  });

  it('continues the chain after a restart with a new ledger over the same file', () => {
    fill(3);
    store.close();
    store = openSqliteStore({ path, clock: steppingClock(), logger: silentLogger });
    ledger = createLedger({ repo: store.audit, signingKey: key, clock: steppingClock(), redact });
    expect(ledger.append(input(4)).seq).to.equal(4);
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 4 });
  });

  it('redacts secrets in data before hashing, so the stored row holds no secret and still verifies', () => {
    const entry = ledger.append({
      kind: 'tool.call',
      actor: 'watchkeeper',
      data: { headers: { authorization: 'Bearer s3cr3t-abc' } },
    });
    expect(JSON.stringify(entry)).to.not.contain('s3cr3t');
    const raw = new Database(path, { readonly: true });
    const row = raw.prepare('SELECT data FROM audit WHERE seq = 1').get() as { data: string };
    raw.close();
    expect(row.data).to.not.contain('s3cr3t');
    expect(row.data).to.contain('[REDACTED]');
    expect(ledger.verify().ok).to.equal(true);
  });

  it('stores data as plain JSON so values like dates and undefined still verify', () => {
    ledger.append({
      kind: 'system',
      actor: 'watchkeeper',
      data: { when: new Date(0), missing: undefined, list: [undefined] },
    });
    ledger.append({ kind: 'system', actor: 'watchkeeper', data: undefined });
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 2 });
  });

  const edits: [string, unknown, string][] = [
    ['at', '2030-01-01T00:00:00.000Z', 'hash mismatch'],
    ['kind', 'command', 'hash mismatch'],
    ['actor', 'slack:U666', 'hash mismatch'],
    ['incident_id', 'INC-9', 'hash mismatch'],
    ['incident_id', null, 'hash mismatch'],
    ['run_id', 'run-x', 'hash mismatch'],
    ['subject', 'something else', 'hash mismatch'],
    ['data', '{"i":3,"note":"entry 3 (edited)"}', 'hash mismatch'],
    ['data', '{not json', 'hash mismatch'],
    ['prev_hash', 'a'.repeat(64), 'hash mismatch'],
    ['hash', 'b'.repeat(64), 'hash mismatch'],
    ['signature', Buffer.alloc(64, 7).toString('base64'), 'bad signature'],
    ['signature', '', 'bad signature'],
  ];
  for (const [column, value, reason] of edits) {
    it(`names entry 3 when its ${column} is set to ${JSON.stringify(value).slice(0, 20)}`, () => {
      fill(5);
      tamper(`UPDATE audit SET ${column} = ? WHERE seq = 3`, value);
      expect(ledger.verify()).to.deep.equal({ ok: false, count: 5, firstBad: { seq: 3, reason } });
    });
  }

  it('reports a broken chain when prevHash and hash are both rewritten', () => {
    fill(5);
    const e = ledger.after(2, 1)[0]!;
    const prevHash = 'f'.repeat(64);
    tamper('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = 3', prevHash, entryHash({ ...e, prevHash }));
    expect(ledger.verify().firstBad).to.deep.equal({
      seq: 3,
      reason: 'broken chain: prevHash does not match entry 2',
    });
  });

  it('reports a bad signature when an entry is re-hashed consistently but not re-signed', () => {
    fill(3);
    const e = ledger.after(2, 1)[0]!;
    const forged = { ...e, actor: 'slack:U666' };
    tamper('UPDATE audit SET actor = ?, hash = ? WHERE seq = 3', forged.actor, entryHash(forged));
    expect(ledger.verify().firstBad).to.deep.equal({ seq: 3, reason: 'bad signature' });
  });

  it('names a signature that was swapped for another entry', () => {
    fill(3);
    const other = ledger.after(0, 1)[0]!;
    tamper('UPDATE audit SET signature = ? WHERE seq = 2', other.signature);
    expect(ledger.verify().firstBad).to.deep.equal({ seq: 2, reason: 'bad signature' });
  });

  it('names the missing entry when a row is deleted', () => {
    fill(5);
    tamper('DELETE FROM audit WHERE seq = 3');
    expect(ledger.verify()).to.deep.equal({
      ok: false,
      count: 4,
      firstBad: { seq: 3, reason: 'sequence gap' },
    });
  });

  it('names the first bad entry when several are bad', () => {
    fill(6);
    tamper('UPDATE audit SET actor = ? WHERE seq = 5', 'x');
    tamper('UPDATE audit SET actor = ? WHERE seq = 2', 'x');
    expect(ledger.verify().firstBad).to.deep.equal({ seq: 2, reason: 'hash mismatch' });
  });

  it('rejects an entry verified with a different public key', () => {
    fill(2);
    const other = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
    expect(verifyEntries(store.audit.iterate(), other.publicKeyPem()).firstBad).to.deep.equal({
      seq: 1,
      reason: 'bad signature',
    });
  });

  it('recovers when the cached head is stale because an outer transaction rolled back', () => {
    fill(2);
    expect(() =>
      store.transaction(() => {
        ledger.append(input(3));
        throw new Error('caller failed after auditing');
      }),
    ).to.throw('caller failed');
    expect(ledger.append(input(4)).seq).to.equal(3);
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 3 });
  });

  describe('sealed batches', () => {
    it('signs only the last entry of a batch, and the chain makes it vouch for the others', () => {
      ledger.append(input(1));
      const batch = ledger.sealed(() => [ledger.append(input(2)), ledger.append(input(3))]);
      expect(batch.map((e) => e.signature)).to.deep.equal(['', '']);
      const stored = ledger.after(0, 10);
      expect(stored.map((e) => e.signature === '')).to.deep.equal([false, true, false]);
      expect(ledger.verify()).to.deep.equal({ ok: true, count: 3 });
    });

    it('refuses a batch flag set afterwards to excuse a removed signature', () => {
      fill(3);
      tamper(`UPDATE audit SET signature = '', batch = 1 WHERE seq = 2`);
      expect(ledger.verify()).to.deep.include({ ok: false, firstBad: { seq: 2, reason: 'hash mismatch' } });
    });

    it('detects an edit inside a batch even though that entry carries no signature', () => {
      ledger.sealed(() => fill(3));
      ledger.append(input(4));
      tamper(`UPDATE audit SET data = '{"n":99}' WHERE seq = 2`);
      expect(ledger.verify()).to.deep.include({ ok: false, firstBad: { seq: 2, reason: 'hash mismatch' } });
    });

    it('refuses unsigned entries at the head: nobody can append without the key', () => {
      ledger.sealed(() => fill(2));
      tamper(`UPDATE audit SET signature = '' WHERE seq = 2`);
      expect(ledger.verify()).to.deep.include({
        ok: false,
        // The whole batch is unsigned now: the first of its entries is named.
        firstBad: { seq: 1, reason: 'unsigned entries at the end of the ledger' },
      });
    });

    it('leaves no unsigned entry behind when the batch transaction rolls back', () => {
      fill(1);
      expect(() =>
        store.transaction(() =>
          ledger.sealed(() => {
            ledger.append(input(2));
            throw new Error('fold failed');
          }),
        ),
      ).to.throw('fold failed');
      ledger.append(input(3));
      expect(ledger.after(0, 10).map((e) => e.seq)).to.deep.equal([1, 2]);
      expect(ledger.verify()).to.deep.equal({ ok: true, count: 2 });
    });
  });

  it('verifies a ledger longer than one read page', () => {
    fill(700);
    expect(ledger.verify()).to.deep.equal({ ok: true, count: 700 });
    tamper('UPDATE audit SET actor = ? WHERE seq = 650', 'x');
    expect(ledger.verify().firstBad).to.deep.equal({ seq: 650, reason: 'hash mismatch' });
  });

  it('finds an incident’s entries', () => {
    fill(6);
    expect(ledger.forIncident('INC-1').map((e) => e.seq)).to.deep.equal([3, 6]);
  });
});
