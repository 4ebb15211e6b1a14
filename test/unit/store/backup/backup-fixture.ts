import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createLedger, publicKeyPemOf, verifyEntries } from '../../../../src/audit/index.js';
import type { AuditLog, AuditReader, Store } from '../../../../src/core/index.js';
import { openSqliteStore, verifyBackup, type BackupReader } from '../../../../src/store/index.js';
import { silentLogger } from '../../../helpers/silent-logger.js';

export interface LiveDb {
  readonly store: Store;
  readonly ledger: AuditLog & AuditReader;
  readonly key: KeyObject;
  readonly publicKeyPem: string;
  /** Appends `n` audit entries of about `bytes` bytes each. */
  fill(n: number, bytes?: number): void;
}

/** A real store + signed ledger at `path`, as the app runs it. */
export function openLive(path: string, key: KeyObject = generateKeyPairSync('ed25519').privateKey): LiveDb {
  let t = Date.parse('2026-11-01T00:00:00Z');
  const clock = { now: () => new Date((t += 1000)) };
  const store = openSqliteStore({ path, clock, logger: silentLogger });
  const ledger = createLedger({ repo: store.audit, signingKey: key, clock, redact: (v) => v });
  let i = 0;
  return {
    store,
    ledger,
    key,
    publicKeyPem: publicKeyPemOf(key),
    fill(n, bytes = 200) {
      store.transaction(() => {
        for (let k = 0; k < n; k++) {
          i++;
          ledger.append({ kind: 'system', actor: 'watchkeeper', data: { i, pad: 'x'.repeat(bytes) } });
        }
      });
    },
  };
}

export const verifyReader = (r: BackupReader) => verifyBackup(r, verifyEntries);
