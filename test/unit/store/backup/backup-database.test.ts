import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { createLedger } from '../../../../src/audit/index.js';
import {
  backupDatabase,
  createSnapshotSchedule,
  isSqliteFile,
  openBackup,
  openSqliteStore,
  pruneSnapshots,
  restoreDatabase,
  snapshotName,
} from '../../../../src/store/index.js';
import { silentLogger } from '../../../helpers/silent-logger.js';
import { openLive, verifyReader, type LiveDb } from './backup-fixture.js';

describe('store: online backup and restore', function () {
  this.timeout(60_000);
  let dir: string;
  let live: LiveDb;
  let dbPath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-backup-'));
    dbPath = join(dir, 'live', 'watchkeeper.db');
    live = openLive(dbPath);
    live.fill(300);
  });
  afterEach(() => {
    live.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a consistent backup while another connection keeps writing, and restores it into a fresh data directory', async () => {
    let writes = 0;
    const target = join(dir, 'b.db');
    const r = await backupDatabase({
      dbPath,
      target,
      publicKeyPem: live.publicKeyPem,
      pagesPerStep: 2,
      // The bot's connection writes between backup steps: SQLite restarts the copy, we widen the step.
      onStep: () => {
        if (writes < 200) {
          live.fill(1);
          writes++;
        }
      },
    });
    expect(writes).to.be.greaterThan(0);
    expect(r.restarts).to.be.greaterThan(0);
    expect(r.auditEntries).to.be.at.least(300);
    expect(existsSync(`${target}.partial`)).to.equal(false);
    expect(isSqliteFile(target)).to.equal(true);

    const reader = openBackup(target);
    try {
      expect(reader.manifest.publicKey).to.equal(live.publicKeyPem);
      expect(reader.manifest.auditEntries).to.equal(r.auditEntries);
      expect(verifyReader(reader)).to.deep.equal({ ok: true, count: r.auditEntries });
    } finally {
      reader.close();
    }
    expect(live.ledger.verify().ok).to.equal(true);

    const fresh = join(dir, 'fresh', 'watchkeeper.db');
    const restored = restoreDatabase({ backupFile: target, dbPath: fresh, verify: verifyReader });
    expect(restored.verification.ok).to.equal(true);
    const store = openSqliteStore({ path: fresh, clock: { now: () => new Date() }, logger: silentLogger });
    try {
      const ledger = createLedger({
        repo: store.audit,
        signingKey: live.key,
        clock: { now: () => new Date() },
        redact: (v) => v,
      });
      expect(ledger.verify()).to.deep.equal({ ok: true, count: r.auditEntries });
      // The restored installation keeps extending the same chain.
      ledger.append({ kind: 'system', actor: 'watchkeeper', data: { event: 'after restore' } });
      expect(ledger.verify()).to.deep.equal({ ok: true, count: r.auditEntries + 1 });
    } finally {
      store.close();
    }
  });

  it("through the bot's own connection, writes during the copy never restart it and end up in the backup", async () => {
    let writes = 0;
    const target = join(dir, 'own.db');
    const r = await backupDatabase({
      dbPath,
      target,
      publicKeyPem: live.publicKeyPem,
      pagesPerStep: 2,
      online: live.store.onlineBackup!,
      onStep: () => {
        if (writes < 50) {
          live.fill(1);
          writes++;
        }
      },
    });
    expect(writes).to.equal(50);
    expect(r.restarts).to.equal(0);
    expect(r.auditEntries).to.equal(350);
    const reader = openBackup(target);
    try {
      expect(verifyReader(reader)).to.deep.equal({ ok: true, count: 350 });
    } finally {
      reader.close();
    }
  });

  it('refuses to restore a tampered backup and writes nothing', async () => {
    const target = join(dir, 'b.db');
    await backupDatabase({ dbPath, target, publicKeyPem: live.publicKeyPem });
    const raw = new Database(target);
    raw.prepare("UPDATE audit SET data = replace(data, 'xxxx', 'xxxy') WHERE seq = 120").run();
    raw.close();
    const fresh = join(dir, 'fresh', 'watchkeeper.db');
    expect(() => restoreDatabase({ backupFile: target, dbPath: fresh, verify: verifyReader }))
      .to.throw()
      .with.property('code', 'AUDIT_BROKEN');
    expect(existsSync(fresh)).to.equal(false);
  });

  it('refuses a backup with entries cut from the end, and restoring over an existing database without force', async () => {
    const target = join(dir, 'b.db');
    await backupDatabase({ dbPath, target, publicKeyPem: live.publicKeyPem });
    const cut = join(dir, 'cut.db');
    copyFileSync(target, cut);
    const raw = new Database(cut);
    raw.exec('DROP TRIGGER IF EXISTS audit_no_delete');
    raw.prepare('DELETE FROM audit WHERE seq > 250').run();
    raw.close();
    const reader = openBackup(cut);
    try {
      expect(verifyReader(reader).ok).to.equal(false);
    } finally {
      reader.close();
    }
    expect(() => restoreDatabase({ backupFile: target, dbPath, verify: verifyReader }))
      .to.throw()
      .with.property('code', 'CONFLICT');
  });

  it('a backup killed midway (SIGKILL) leaves the live database intact and no finished-looking file', async () => {
    live.fill(3000, 400); // ~1.5 MB: hundreds of one-page steps at 20 ms each
    const target = join(dir, 'killed.db');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('test', 'unit', 'store', 'backup', 'backup-child.ts'),
        dbPath,
        target,
        live.publicKeyPem,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('step')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.exitCode !== null || child.signalCode !== null
        ? resolve(child.signalCode)
        : child.on('exit', (_c, s) => resolve(s)),
    );
    expect(exit).to.equal('SIGKILL');
    expect(out).not.to.include('done');
    expect(existsSync(target)).to.equal(false);

    // The live database: intact, still verifying, still writable; a new backup succeeds.
    const check = new Database(dbPath, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).to.equal('ok');
    check.close();
    expect(live.ledger.verify()).to.deep.equal({ ok: true, count: 3300 });
    live.fill(1);
    const r = await backupDatabase({ dbPath, target, publicKeyPem: live.publicKeyPem });
    expect(r.auditEntries).to.equal(3301);
  });

  it('scheduled snapshots keep the newest N', async () => {
    const snaps = join(dir, 'snaps');
    let t = Date.parse('2026-11-26T01:00:00Z');
    const schedule = createSnapshotSchedule({
      dbPath,
      dir: snaps,
      intervalMs: 0,
      keep: 2,
      publicKeyPem: live.publicKeyPem,
      logger: silentLogger,
      now: () => new Date((t += 60_000)),
    });
    for (let i = 0; i < 4; i++) await schedule.snapshot();
    await schedule.stop();
    expect(readdirSync(snaps).sort()).to.deep.equal([
      'watchkeeper-20261126T010300Z.backup.db',
      'watchkeeper-20261126T010400Z.backup.db',
    ]);
    writeFileSync(join(snaps, 'unrelated.txt'), 'keep me');
    expect(pruneSnapshots(snaps, 1)).to.deep.equal(['watchkeeper-20261126T010300Z.backup.db']);
    expect(readdirSync(snaps)).to.include('unrelated.txt');
    expect(snapshotName(new Date('2026-01-02T03:04:05.678Z'))).to.equal(
      'watchkeeper-20260102T030405Z.backup.db',
    );
  });

  it('openBackup refuses a file that is not a backup', () => {
    const text = join(dir, 'x.jsonl');
    writeFileSync(text, '{"type":"header"}\n');
    expect(() => openBackup(text))
      .to.throw()
      .with.property('code', 'VALIDATION_FAILED');
    expect(() => openBackup(dbPath))
      .to.throw()
      .with.property('code', 'VALIDATION_FAILED');
  });
});
