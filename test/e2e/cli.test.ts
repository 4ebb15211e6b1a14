import { expect } from 'chai';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyExport } from '../../src/audit/index.js';
import { alertmanagerPayload, startHarness } from './harness.js';

/** Runs the real `watchkeeper` binary as an operator would. */
function watchkeeper(
  args: string[],
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/watchkeeper.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('e2e: the watchkeeper CLI', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'wk-cli-'));
  const env = { WATCHKEEPER_DATA_DIR: dir };
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const h = await startHarness({ dir });
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'checkout-api'));
    await h.settle();
    const pending = await h.api('GET', '/api/approvals?status=pending');
    await h.api(
      'POST',
      `/api/approvals/${pending.body.approvals[0].id}/votes`,
      { decision: 'approve' },
      'alice',
    );
    await h.close({ keepDir: true });
  });

  it('audit verify confirms the chain and signatures; playback tells the incident in order; export verifies offline', () => {
    const verify = watchkeeper(['audit', 'verify'], env);
    expect(verify.status, verify.stderr).to.equal(0);
    expect(verify.stdout).to.match(/audit OK: \d+ entries/);

    const story = watchkeeper(['playback', 'INC-1'], env);
    expect(story.status, story.stderr).to.equal(0);
    const kinds = [
      'signal',
      'plan',
      'decision',
      'approval.requested',
      'approval.vote',
      'tool.call',
      'tool.result',
    ];
    const positions = kinds.map((k) => story.stdout.indexOf(` ${k} `));
    expect(
      positions.every((p) => p >= 0),
      story.stdout,
    ).to.equal(true);
    expect(story.stdout).to.include('sandbox.rollback');
    expect(watchkeeper(['playback', 'INC-99'], env).status).to.equal(1);

    const exported = watchkeeper(['audit', 'export'], env);
    expect(exported.status).to.equal(0);
    const lines = exported.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!).publicKey).to.include('BEGIN PUBLIC KEY');
    expect(verifyExport(lines).ok).to.equal(true);
  });

  it('audit verify fails naming the first edited entry', () => {
    const copy = mkdtempSync(join(tmpdir(), 'wk-cli-tamper-'));
    try {
      copyFileSync(join(dir, 'watchkeeper.db'), join(copy, 'watchkeeper.db'));
      const db = new Database(join(copy, 'watchkeeper.db'));
      db.prepare(
        "UPDATE audit SET data = replace(data, 'checkout-api', 'checkout-ap1') WHERE seq = (SELECT min(seq) FROM audit WHERE data LIKE '%checkout-api%')",
      ).run();
      const edited = (
        db.prepare("SELECT min(seq) AS seq FROM audit WHERE data LIKE '%checkout-ap1%'").get() as {
          seq: number;
        }
      ).seq;
      db.close();
      const verify = watchkeeper(['audit', 'verify'], {
        WATCHKEEPER_DATA_DIR: dir,
        WATCHKEEPER_DB: join(copy, 'watchkeeper.db'),
      });
      expect(verify.status).to.equal(1);
      expect(verify.stderr).to.include(`audit FAILED at entry ${edited}: hash mismatch`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('policy check and policy test pass on the shipped policies and name file and line on a bad one', () => {
    expect(watchkeeper(['policy', 'check'], env).status).to.equal(0);
    const tests = watchkeeper(['policy', 'test'], env);
    expect(tests.status).to.equal(0);
    expect(tests.stdout).to.match(/\d+ passed, 0 failed/);
    const bad = mkdtempSync(join(tmpdir(), 'wk-policy-'));
    try {
      copyFileSync('policies/roles.yaml', join(bad, 'roles.yaml'));
      writeFileSync(
        join(bad, 'bad.policy.yaml'),
        'version: 1\nname: bad\nrules:\n  - id: x\n    effect: maybe\n',
      );
      const check = watchkeeper(['policy', 'check'], { ...env, WATCHKEEPER_POLICIES: bad });
      expect(check.status).to.equal(1);
      expect(check.stderr).to.match(/bad\.policy\.yaml:5: .*effect/);
      const start = watchkeeper(['start'], { ...env, WATCHKEEPER_POLICIES: bad, PORT: '0' });
      expect(start.status, 'start-up refuses an invalid policy').to.not.equal(0);
      expect(start.stderr).to.include('bad.policy.yaml:5');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('start-up fails fast listing every bad configuration key', () => {
    const r = watchkeeper(['start'], { ...env, PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.include('PORT').and.include('LOG_LEVEL');
  });
});
