/**
 * In-process benchmarks of the store-level hot spots (issue 13's B4 and B5): no HTTP, no peer, the
 * real modules on a temp SQLite file in WAL mode, as the app runs them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createLedger } from '../src/audit/index.js';
import { systemClock, type AuditLog, type AuditReader, type Store } from '../src/core/index.js';
import { createMemory } from '../src/memory/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { silentLogger } from '../test/helpers/silent-logger.js';
import { tempDir } from './processes.js';

export interface InProcessFigures {
  readonly b4?: {
    readonly entries: number;
    readonly queries: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
  };
  readonly b5?: {
    readonly appends: number;
    readonly appendPerSec: number;
    readonly appendInTransactionPerSec: number;
    /** Verification of the ledger above, where every entry carries its own signature. */
    readonly verifyPerSec: number;
    /**
     * Appends as the intake writes them, one signature per transaction: batches of 25 while requests
     * arrive, of 100 when it catches up; each with the verification of the ledger so written.
     */
    readonly sealed: readonly {
      readonly batch: number;
      readonly appendPerSec: number;
      readonly verifyPerSec: number;
    }[];
  };
}

const SERVICES = [
  'checkout-api',
  'payments-api',
  'cart',
  'frontend',
  'auth',
  'inventory',
  'search',
  'billing',
];
const ALERTS = ['HighErrorRate', 'HighLatency', 'HighCPU', 'DiskFull', 'PodCrashLooping', 'CertExpiring'];
const WORDS = [
  'timeout',
  'deploy',
  'rollback',
  'database',
  'connection',
  'pool',
  'exhausted',
  'memory',
  'leak',
  'dns',
  'tls',
  'queue',
  'backlog',
  '502',
  '503',
  'upstream',
  'cache',
  'eviction',
];

/** A deterministic pseudo-random generator, so every run searches the same corpus. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function pick<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function incidentText(r: () => number): string {
  const words = Array.from({ length: 6 }, () => pick(WORDS, r)).join(' ');
  return `${pick(ALERTS, r)} on ${pick(SERVICES, r)}: ${words}`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** B4: `Memory.similar` over `entries` stored incidents; latency percentiles of `queries` searches. */
export function benchSimilar(entries: number, queries: number): NonNullable<InProcessFigures['b4']> {
  const dir = tempDir('b4');
  const store = openSqliteStore({ path: join(dir, 'wk.db'), clock: systemClock, logger: silentLogger });
  try {
    const memory = createMemory({ repo: store.memory, clock: systemClock, redact: (t) => t });
    const r = lcg(42);
    store.transaction(() => {
      for (let i = 0; i < entries; i++)
        memory.remember({ kind: 'incident', text: incidentText(r), incidentId: `INC-${i + 1}` });
    });
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const q = incidentText(r);
      const t0 = performance.now();
      memory.similar(q, 5);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { entries, queries, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
  } finally {
    store.close();
  }
}

/** The intake's sealed batch sizes (src/gateway/signal-intake.ts): under request load, and catching up. */
const SEALED_BATCHES = [25, 100] as const;

/**
 * B5: signed, chained ledger appends and full verification, twice: a ledger where every entry is signed
 * (autocommit, then one transaction), and ones written as the intake writes them (transactions of 25 entries
 * under load and of 100 when catching up, `sealed`: only each batch's last entry is signed, the chain binds the rest).
 */
export function benchLedger(appends: number): NonNullable<InProcessFigures['b5']> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const entry = (i: number) => ({
    kind: 'signal' as const,
    actor: 'alertmanager',
    subject: `s-${i}`,
    data: { fingerprint: `fp-${i}`, summary: 'HighErrorRate on checkout-api' },
  });
  const withLedger = <T>(name: string, fn: (store: Store, ledger: AuditLog & AuditReader) => T): T => {
    const dir = tempDir(name);
    const store = openSqliteStore({ path: join(dir, 'wk.db'), clock: systemClock, logger: silentLogger });
    try {
      return fn(
        store,
        createLedger({ repo: store.audit, signingKey: privateKey, clock: systemClock, redact: (v) => v }),
      );
    } finally {
      store.close();
    }
  };
  const perSec = (n: number, t0: number): number => n / ((performance.now() - t0) / 1000);
  const verified = (ledger: AuditReader): number => {
    const t0 = performance.now();
    const v = ledger.verify();
    if (!v.ok) throw new Error(`ledger did not verify: ${JSON.stringify(v.firstBad)}`);
    return perSec(v.count, t0);
  };
  const signed = withLedger('b5-signed', (store, ledger) => {
    let t0 = performance.now();
    for (let i = 0; i < appends; i++) ledger.append(entry(i));
    const appendPerSec = perSec(appends, t0);
    t0 = performance.now();
    store.transaction(() => {
      for (let i = 0; i < appends; i++) ledger.append(entry(appends + i));
    });
    const appendInTransactionPerSec = perSec(appends, t0);
    return { appendPerSec, appendInTransactionPerSec, verifyPerSec: verified(ledger) };
  });
  const sealed = SEALED_BATCHES.map((batch) =>
    withLedger(`b5-sealed-${batch}`, (store, ledger) => {
      const t0 = performance.now();
      for (let b = 0; b < appends / batch; b++) {
        store.transaction(() =>
          ledger.sealed(() => {
            for (let i = 0; i < batch; i++) ledger.append(entry(b * batch + i));
          }),
        );
      }
      return { batch, appendPerSec: perSec(appends, t0), verifyPerSec: verified(ledger) };
    }),
  );
  return { appends, ...signed, sealed };
}
