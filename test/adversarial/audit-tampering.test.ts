import Database from 'better-sqlite3';
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, loadOrCreateSigningKey } from '../../src/audit/index.js';
import { systemClock } from '../../src/core/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { alertmanagerPayload, startHarness } from '../e2e/harness.js';

/** `watchkeeper audit verify` in a child process, as an operator runs it. */
function verify(dir: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['bin/watchkeeper.js', 'audit', 'verify'], {
    env: { ...process.env, LOG_LEVEL: 'error', WATCHKEEPER_DATA_DIR: dir },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * What `audit verify` runs (src/main.ts `openLedger` + `ledger.verify`), in process: the CLI is spawned
 * only for the control and one tampered copy, since a child process costs seconds on a busy CI runner.
 */
function verifyInProcess(dir: string): { status: number; out: string } {
  const store = openSqliteStore({
    path: join(dir, 'watchkeeper.db'),
    clock: systemClock,
    logger: silentLogger,
  });
  try {
    const ledger = createLedger({
      repo: store.audit,
      signingKey: loadOrCreateSigningKey({ dataDir: dir }),
      clock: systemClock,
      redact: (v) => v,
    });
    const v = ledger.verify();
    return v.ok
      ? { status: 0, out: `audit OK: ${v.count} entries` }
      : { status: 1, out: `audit FAILED at entry ${v.firstBad?.seq ?? '?'}: ${v.firstBad?.reason ?? ''}` };
  } finally {
    store.close();
  }
}

/**
 * Audit tampering with direct write access to the database file (guard triggers dropped first, as an
 * attacker would): every edit, deletion or reordering is caught by `watchkeeper audit verify`, which
 * exits 1 naming the first bad entry.
 */
describe('adversarial: audit tampering is detected by `watchkeeper audit verify`', function () {
  this.timeout(60_000);
  let pristine: string;
  const copies: string[] = [];
  before(async () => {
    pristine = mkdtempSync(join(tmpdir(), 'wk-adv-audit-'));
    const h = await startHarness({ dir: pristine });
    for (const svc of ['checkout-api', 'payments-api'])
      await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', svc));
    await h.settle();
    await h.close({ keepDir: true });
  });
  after(() => {
    for (const d of [pristine, ...copies]) rmSync(d, { recursive: true, force: true });
  });

  /** A copy of the data dir with `sql` applied to its database (triggers dropped first). */
  function tampered(sql: (db: Database.Database) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'wk-adv-audit-t-'));
    copies.push(dir);
    cpSync(pristine, dir, { recursive: true });
    const db = new Database(join(dir, 'watchkeeper.db'));
    for (const t of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
      .all() as { name: string }[])
      db.exec(`DROP TRIGGER "${t.name}"`);
    sql(db);
    db.close();
    return dir;
  }

  it('the untouched ledger verifies (control)', () => {
    const r = verify(pristine);
    expect(r.status, r.out).to.equal(0);
    expect(r.out).to.match(/audit OK: \d+ entries/);
  });

  const cases: [string, (db: Database.Database) => void, RegExp][] = [
    [
      'an edited entry (data changed)',
      (db) =>
        db
          .prepare(`UPDATE audit SET data = replace(data, 'checkout-api', 'innocent-api') WHERE seq = 3`)
          .run(),
      /FAILED at entry 3/,
    ],
    [
      'an edited actor',
      (db) => db.prepare(`UPDATE audit SET actor = 'console:alice' WHERE seq = 4`).run(),
      /FAILED at entry 4/,
    ],
    [
      'a deleted entry in the middle',
      (db) => db.prepare('DELETE FROM audit WHERE seq = 5').run(),
      /FAILED at entry (5|6)/,
    ],
    [
      'two entries swapped (reordered)',
      (db) => {
        db.prepare('UPDATE audit SET seq = -1 WHERE seq = 4').run();
        db.prepare('UPDATE audit SET seq = 4 WHERE seq = 5').run();
        db.prepare('UPDATE audit SET seq = 5 WHERE seq = -1').run();
      },
      /FAILED at entry 4/,
    ],
    [
      'an edited entry with its hash recomputed (no signing key)',
      (db) => {
        const row = db.prepare('SELECT * FROM audit WHERE seq = 3').get() as any;
        db.prepare(`UPDATE audit SET data = '{}', hash = ? WHERE seq = 3`).run('0'.repeat(64));
        expect(row).to.not.equal(undefined);
      },
      /FAILED at entry 3/,
    ],
    [
      'a forged signature',
      (db) =>
        db
          .prepare(`UPDATE audit SET signature = ? WHERE seq = 2`)
          .run(Buffer.alloc(64, 1).toString('base64')),
      /FAILED at entry 2/,
    ],
  ];
  for (const [i, [name, sql, expected]] of cases.entries()) {
    it(`${name} → exit 1 naming the entry`, () => {
      const r = (i === 0 ? verify : verifyInProcess)(tampered(sql));
      expect(r.status, r.out).to.equal(1);
      expect(r.out).to.match(expected);
    });
  }
});
