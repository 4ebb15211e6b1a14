import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { systemClock } from '../../src/core/index.js';
import { readDrillResults } from '../../src/drills/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { silentLogger } from '../helpers/silent-logger.js';

/** `watchkeeper drill` as an operator runs it: a real process, exit codes, output. */
describe('watchkeeper drill (CLI)', function () {
  this.timeout(90_000);
  let dir: string;
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/watchkeeper.js', 'drill', ...args], {
      encoding: 'utf8',
      env: { ...process.env, WATCHKEEPER_DATA_DIR: dir, LOG_LEVEL: 'silent' },
    });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-drill-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs bad-deploy, exits 0 on PASS, says sandbox only, and keeps the verdict for the dashboard', () => {
    const r = run('bad-deploy');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('drill bad-deploy: PASS');
    expect(r.stdout).to.contain('no real system was touched');
    const config = loadConfig({ WATCHKEEPER_DATA_DIR: dir }, process.cwd());
    const store = openSqliteStore({ path: config.dbPath, clock: systemClock, logger: silentLogger });
    try {
      expect(readDrillResults(store.kv).map((d) => [d.drill, d.passed])).to.deep.equal([
        ['bad-deploy', true],
      ]);
    } finally {
      store.close();
    }
  });

  it('lists the drills, and exits 2 naming them for an unknown one', () => {
    const list = run('list');
    expect(list.status).to.equal(0);
    for (const name of ['dependency-failure', 'alert-storm', 'bad-deploy', 'ticket-flood', 'phishing'])
      expect(list.stdout).to.contain(name);
    const unknown = run('nope');
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.contain('no drill "nope"');
  });
});
