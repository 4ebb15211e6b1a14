import { expect } from 'chai';
import type { AuditLog, AuditReader, Store } from '../../../src/core/index.js';
import { createLedger, exportAudit, verifyExport } from '../../../src/audit/index.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { input, newKey, redact, steppingClock } from './ledger-fixture.js';

describe('exportAudit / verifyExport', () => {
  let store: Store;
  let ledger: AuditLog & AuditReader;
  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', clock: steppingClock(), logger: silentLogger });
    ledger = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
    for (let i = 1; i <= 4; i++) ledger.append(input(i));
  });
  afterEach(() => store.close());

  function exported(): string[] {
    const lines: string[] = [];
    exportAudit(ledger, (line) => lines.push(line));
    return lines;
  }

  it('writes a header with the public key and count, then one entry per line', () => {
    const lines = exported();
    expect(lines).to.have.length(5);
    expect(JSON.parse(lines[0]!)).to.deep.equal({
      type: 'header',
      publicKey: ledger.publicKeyPem(),
      algorithm: 'Ed25519',
      hash: 'SHA-256',
      count: 4,
    });
    expect(JSON.parse(lines[1]!)).to.deep.equal({ type: 'entry', ...ledger.after(0, 1)[0] });
  });

  it('verifies offline, with blank lines tolerated', () => {
    expect(verifyExport([...exported(), ''])).to.deep.equal({ ok: true, count: 4 });
  });

  it('names the entry of a tampered line', () => {
    const lines = exported();
    lines[3] = lines[3]!.replace('"note":"entry 3"', '"note":"entry 3!"');
    expect(verifyExport(lines)).to.deep.equal({
      ok: false,
      count: 4,
      firstBad: { seq: 3, reason: 'hash mismatch' },
    });
  });

  it('fails a truncated export, an unparseable line and a missing header', () => {
    const lines = exported();
    expect(verifyExport(lines.slice(0, 4)).firstBad).to.deep.equal({
      seq: 4,
      reason: 'count mismatch: header says 4',
    });
    expect(verifyExport([...lines.slice(0, 3), '{oops', lines[4]!]).firstBad).to.deep.equal({
      seq: 3,
      reason: 'unparseable line',
    });
    expect(verifyExport(lines.slice(1)).ok).to.equal(false);
    expect(verifyExport([]).ok).to.equal(false);
  });

  it('fails when the header carries a different key', () => {
    const lines = exported();
    const other = createLedger({ repo: store.audit, signingKey: newKey(), clock: steppingClock(), redact });
    lines[0] = JSON.stringify({ ...JSON.parse(lines[0]!), publicKey: other.publicKeyPem() });
    expect(verifyExport(lines).firstBad).to.deep.equal({ seq: 1, reason: 'bad signature' });
  });
});
