import type Database from 'better-sqlite3';
import { WatchkeeperError, type Clock, type SandboxStateRepository } from '../core/index.js';
import { fromJson, toJson } from './json-column.js';

/**
 * The simulated fleet as JSON documents by kind and id. `once` makes sandbox tools idempotent: the
 * first call with a key runs `apply` and commits its writes together with its result; a retry with the
 * same key gets that result back without touching the fleet again.
 */
export class SqliteSandboxStateRepository implements SandboxStateRepository {
  private readonly getStmt: Database.Statement<[string, string], { value: string }>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly listStmt: Database.Statement<[string], { value: string }>;
  private readonly anyStmt: Database.Statement<[], { one: number }>;
  private readonly onceGet: Database.Statement<[string], { result: string | null }>;
  private readonly oncePut: Database.Statement<[string, string | null, string]>;
  private readonly onceTx: (key: string, apply: () => unknown) => unknown;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
  ) {
    this.getStmt = db.prepare('SELECT value FROM sandbox_docs WHERE kind = ? AND id = ?');
    this.putStmt = db.prepare(
      `INSERT INTO sandbox_docs (kind, id, value) VALUES (?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET value = excluded.value`,
    );
    this.listStmt = db.prepare('SELECT value FROM sandbox_docs WHERE kind = ? ORDER BY id');
    this.anyStmt = db.prepare('SELECT 1 AS one FROM sandbox_docs LIMIT 1');
    this.onceGet = db.prepare('SELECT result FROM sandbox_once WHERE key = ?');
    this.oncePut = db.prepare('INSERT INTO sandbox_once (key, result, at) VALUES (?, ?, ?)');
    this.onceTx = db.transaction((key: string, apply: () => unknown): unknown => {
      const done = this.onceGet.get(key);
      if (done !== undefined) return done.result === null ? undefined : fromJson<unknown>(done.result);
      const result = apply();
      if (result instanceof Promise) {
        throw new WatchkeeperError('STORE_FAILED', 'sandbox once() needs a synchronous apply function');
      }
      this.oncePut.run(key, result === undefined ? null : toJson(result), this.clock.now().toISOString());
      return result;
    });
  }

  get<T>(kind: string, id: string): T | undefined {
    const row = this.getStmt.get(kind, id);
    return row === undefined ? undefined : fromJson<T>(row.value);
  }

  put(kind: string, id: string, value: unknown): void {
    this.putStmt.run(kind, id, toJson(value));
  }

  list<T>(kind: string): T[] {
    return this.listStmt.all(kind).map((row) => fromJson<T>(row.value));
  }

  /** If `apply` throws, nothing it wrote is kept and the key stays unused, so a retry runs it again. */
  once<T>(idempotencyKey: string, apply: () => T): T {
    return this.onceTx(idempotencyKey, apply) as T;
  }

  isEmpty(): boolean {
    return this.anyStmt.get() === undefined;
  }
}
