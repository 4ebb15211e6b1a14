import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { alertmanagerPayload, startHarness } from './harness.js';

/** Runs the real `watchkeeper` binary as an operator would. */
function watchkeeper(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/watchkeeper.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('e2e: backup, restore, offline verify, restore drill, cold start', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'wk-backup-e2e-'));
  const live = join(root, 'live');
  const backup = join(root, 'wk.backup.db');
  after(() => rmSync(root, { recursive: true, force: true }));

  before(async () => {
    const h = await startHarness({ dir: live });
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    await h.close({ keepDir: true });
  });

  it('backs up online, verifies the file offline, and refuses a tampered copy', () => {
    const b = watchkeeper(['backup', backup], { WATCHKEEPER_DATA_DIR: live });
    expect(b.status, b.stderr).to.equal(0);
    expect(b.stdout).to.match(/backup written: .* 1 incidents, \d+ audit entries/);

    const v = watchkeeper(['audit', 'verify', '--file', backup], {
      WATCHKEEPER_DATA_DIR: join(root, 'nowhere'),
    });
    expect(v.status, v.stderr).to.equal(0);
    expect(v.stdout).to.match(/^backup OK: \d+ entries/);

    const exported = join(root, 'audit.jsonl');
    writeFileSync(exported, watchkeeper(['audit', 'export'], { WATCHKEEPER_DATA_DIR: live }).stdout);
    const ve = watchkeeper(['audit', 'verify', '--file', exported], {
      WATCHKEEPER_DATA_DIR: join(root, 'nowhere'),
    });
    expect(ve.status, ve.stderr).to.equal(0);
    expect(ve.stdout).to.match(/^export OK: \d+ entries/);

    const tampered = join(root, 'tampered.db');
    copyFileSync(backup, tampered);
    const db = new Database(tampered);
    db.prepare("UPDATE audit SET actor = 'console:mallory' WHERE seq = 3").run();
    db.close();
    const bad = watchkeeper(['audit', 'verify', '--file', tampered], { WATCHKEEPER_DATA_DIR: live });
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/backup FAILED at entry 3: hash mismatch/);

    const fresh = join(root, 'fresh-tampered');
    mkdirSync(join(fresh, 'keys'), { recursive: true });
    copyFileSync(join(live, 'keys', 'audit-ed25519.pem'), join(fresh, 'keys', 'audit-ed25519.pem'));
    const r = watchkeeper(['restore', tampered], { WATCHKEEPER_DATA_DIR: fresh });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/restore refused \(AUDIT_BROKEN\)/);
    expect(existsSync(join(fresh, 'watchkeeper.db'))).to.equal(false);
  });

  it('restores into a fresh data directory only with the signing key that made the ledger', () => {
    const fresh = join(root, 'fresh');
    const noKey = watchkeeper(['restore', backup], { WATCHKEEPER_DATA_DIR: fresh });
    expect(noKey.status).to.equal(1);
    expect(noKey.stderr).to.match(/CONFIG_INVALID.*signing key/);
    expect(existsSync(join(fresh, 'watchkeeper.db'))).to.equal(false);

    mkdirSync(join(fresh, 'keys'), { recursive: true });
    copyFileSync(join(live, 'keys', 'audit-ed25519.pem'), join(fresh, 'keys', 'audit-ed25519.pem'));
    const ok = watchkeeper(['restore', backup], { WATCHKEEPER_DATA_DIR: fresh });
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/restored .* 1 incidents/);
    const verify = watchkeeper(['audit', 'verify'], { WATCHKEEPER_DATA_DIR: fresh });
    expect(verify.status, verify.stderr).to.equal(0);
    expect(watchkeeper(['playback', 'INC-1'], { WATCHKEEPER_DATA_DIR: fresh }).stdout).to.include(
      'sandbox.rollback',
    );

    const again = watchkeeper(['restore', backup], { WATCHKEEPER_DATA_DIR: fresh });
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/CONFLICT/);
  });

  it('drill restore rehearses backup → verify → restore → reopen without touching the live data', () => {
    const d = watchkeeper(['drill', 'restore'], { WATCHKEEPER_DATA_DIR: live });
    expect(d.status, d.stderr + d.stdout).to.equal(0);
    for (const stage of ['backup', 'verify', 'restore', 'reopen'])
      expect(d.stdout).to.match(new RegExp(`ok +${stage}`));
    expect(d.stdout).to.include('restore drill passed');
  });

  it('cold start: an empty installation comes up from config + a backup', async () => {
    const cold = join(root, 'cold');
    mkdirSync(join(cold, 'keys'), { recursive: true });
    copyFileSync(join(live, 'keys', 'audit-ed25519.pem'), join(cold, 'keys', 'audit-ed25519.pem'));
    const h = await startHarness({ dir: cold, env: { WATCHKEEPER_RESTORE_FROM: backup } });
    try {
      const incidents = await h.api('GET', '/api/incidents');
      expect(incidents.body.incidents.map((i: { id: string }) => i.id)).to.include('INC-1');
      const verify = await h.api('GET', '/api/audit/verify');
      expect(verify.body.ok).to.equal(true);
      const restored = await h.api('GET', '/api/audit?after=0&limit=1000');
      expect(JSON.stringify(restored.body)).to.include('"event":"restored"');
    } finally {
      await h.close();
    }
  });

  it('cold start refuses a backup signed by another key', async () => {
    const other = join(root, 'other');
    let error: unknown;
    try {
      await startHarness({ dir: other, env: { WATCHKEEPER_RESTORE_FROM: backup } });
    } catch (err) {
      error = err;
    }
    expect(error).to.have.property('code', 'CONFIG_INVALID');
    expect(existsSync(join(other, 'watchkeeper.db'))).to.equal(false);
  });
});
