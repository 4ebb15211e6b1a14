import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import type { Clock, Store } from '../../../src/core/index.js';
import { applyMigrations, MIGRATIONS, openSqliteStore } from '../../../src/store/index.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { draft, runStoreContract } from '../../contract/store.contract.js';

const clock: Clock = { now: () => new Date('2024-05-01T10:00:00.000Z') };

runStoreContract('sqlite :memory:', () => openSqliteStore({ path: ':memory:', clock, logger: silentLogger }));

describe('sqlite store on a file', () => {
  let dir: string;
  let n = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wk-store-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  runStoreContract('sqlite file', () =>
    openSqliteStore({ path: join(dir, `contract-${n++}.db`), clock, logger: silentLogger }),
  );

  it('creates the parent directory, puts the file in WAL mode and records the schema version', () => {
    const path = join(dir, 'nested', 'deeper', 'wk.db');
    const store = openSqliteStore({ path, clock, logger: silentLogger });
    store.close();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect(raw.pragma('user_version', { simple: true })).to.equal(MIGRATIONS.length);
    } finally {
      raw.close();
    }
  });

  it('keeps data across reopen and does not re-run migrations', () => {
    const path = join(dir, 'reopen.db');
    const infos: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => void infos.push(m), child: () => logger };
    let store: Store = openSqliteStore({ path, clock, logger });
    const applied = infos.filter((m) => m === 'migration applied').length;
    expect(applied).to.equal(MIGRATIONS.length);
    store.inbox.addAll([draft()], '2024-05-01T10:00:00.000Z');
    const inc = store.incidents.create({
      groupKey: 'g',
      title: 't',
      skill: null,
      severity: 'info',
      labels: {},
      at: 'x',
    });
    store.close();

    store = openSqliteStore({ path, clock, logger });
    expect(infos.filter((m) => m === 'migration applied').length).to.equal(applied);
    expect(store.inbox.count()).to.equal(1);
    expect(store.incidents.get(inc.id)?.title).to.equal('t');
    expect(
      store.incidents.create({
        groupKey: 'h',
        title: 't',
        skill: null,
        severity: 'info',
        labels: {},
        at: 'x',
      }).id,
    ).to.equal('INC-2');
    store.close();
  });

  it('applies only migrations the database has not seen, and refuses a newer schema', () => {
    const db = new Database(':memory:');
    try {
      expect(applyMigrations(db, MIGRATIONS, silentLogger)).to.deep.equal(MIGRATIONS.map((m) => m.version));
      const next = { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x INTEGER);' };
      expect(applyMigrations(db, [...MIGRATIONS, next], silentLogger)).to.deep.equal([next.version]);
      expect(applyMigrations(db, [...MIGRATIONS, next], silentLogger)).to.deep.equal([]);
      expect(() => applyMigrations(db, MIGRATIONS, silentLogger))
        .to.throw()
        .with.property('code', 'STORE_FAILED');
    } finally {
      db.close();
    }
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(':memory:');
    try {
      applyMigrations(db, MIGRATIONS, silentLogger);
      const broken = {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        sql: 'CREATE TABLE half (x); SELECT * FROM nowhere;',
      };
      expect(() => applyMigrations(db, [...MIGRATIONS, broken], silentLogger)).to.throw();
      expect(db.pragma('user_version', { simple: true })).to.equal(MIGRATIONS.length);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).to.equal(undefined);
    } finally {
      db.close();
    }
  });
});
