import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Signatures per chunk: large enough to make a hand-off cheap, small enough to balance two threads. */
const CHUNK = 64;
/** Bytes per signature in a chunk: the entry hash (64 hex characters) and the 64-byte signature. */
const SLOT = 128;
/** Chunk header, four int32: state, count, index of the first bad signature (-1 for none), spare. */
const HEADER = 16;
const NEW = 0;
const CLAIMED = 1;
const GOOD = 2;
const BAD = 3;
/** A claimed chunk not finished by then is verified again here (a worker that died mid-chunk). */
const STALL_MS = 60_000;
/** Chunks held at most (8 KiB each); beyond it the oldest are settled, so memory stays bounded. */
const MAX_PENDING = 512;

/**
 * Runs in each worker (CommonJS, no loader, so it starts in milliseconds). Whoever moves a chunk from
 * NEW to CLAIMED verifies it, so the main thread can take back chunks a worker has not reached yet.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const key = createPublicKey(workerData.publicKeyPem);
parentPort.on('message', (sab) => {
  const head = new Int32Array(sab, 0, 4);
  if (Atomics.compareExchange(head, 0, ${NEW}, ${CLAIMED}) !== ${NEW}) return;
  const bytes = Buffer.from(sab);
  let bad = -1;
  for (let i = 0; i < head[1]; i++) {
    const at = ${HEADER} + i * ${SLOT};
    let ok = false;
    try { ok = verify(null, bytes.subarray(at, at + 64), key, bytes.subarray(at + 64, at + ${SLOT})); } catch {}
    if (!ok) { bad = i; break; }
  }
  head[2] = bad;
  Atomics.store(head, 0, bad < 0 ? ${GOOD} : ${BAD});
  Atomics.notify(head, 0);
});
`;

export interface SignaturePoolOptions {
  /** Worker threads; default: one per core beyond the first, at most 3 (0 = check everything here). */
  readonly workers?: number;
  /** Workers start once this many signatures are queued (default: one chunk), or on `warm`. */
  readonly minSignatures?: number;
  /** Chunks of 64 held before the oldest half is settled (default 512, i.e. 4 MiB). */
  readonly maxPendingChunks?: number;
}

interface Chunk {
  readonly sab: SharedArrayBuffer;
  readonly head: Int32Array;
  readonly bytes: Buffer;
  readonly seqs: number[];
}

/**
 * Ed25519 checks of ledger signatures, spread over worker threads while the caller goes on reading and
 * hashing entries; `finish` blocks (Atomics.wait) until every check is done, so `verify` stays a plain
 * synchronous call. The caller has already checked each hash against the entry's content and the
 * signature's encoding; only the expensive curve arithmetic is deferred. Signature checks are ~6 µs
 * per entry at 25 entries per signature, more than reading and hashing together, so on two cores this
 * is what sets the verify rate.
 */
export class SignaturePool {
  private readonly key: KeyObject;
  private readonly workerCount: number;
  private readonly minSignatures: number;
  private readonly maxPending: number;
  private readonly chunks: Chunk[] = [];
  private workers: Worker[] | undefined;
  private next = 0;
  private queued = 0;
  private verifiedHere = 0;
  private settledChunks = 0;
  /** Lowest failing `seq` among chunks already settled and dropped. */
  private firstBad: number | undefined;

  constructor(
    private readonly publicKeyPem: string,
    options: SignaturePoolOptions = {},
  ) {
    this.key = createPublicKey(publicKeyPem);
    this.workerCount = Math.max(0, options.workers ?? Math.min(3, availableParallelism() - 1));
    this.minSignatures = options.minSignatures ?? CHUNK;
    this.maxPending = Math.max(2, options.maxPendingChunks ?? MAX_PENDING);
  }

  /** Queues the check of `signature` (64 bytes) over `hash` (64 hex characters) for entry `seq`. */
  add(seq: number, hash: string, signature: Buffer): void {
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || chunk.seqs.length === CHUNK) {
      if (chunk !== undefined) this.dispatch();
      if (this.chunks.length >= this.maxPending) this.settleOldest(Math.floor(this.maxPending / 2));
      const sab = new SharedArrayBuffer(HEADER + CHUNK * SLOT);
      chunk = { sab, head: new Int32Array(sab, 0, 4), bytes: Buffer.from(sab), seqs: [] };
      this.chunks.push(chunk);
    }
    const at = HEADER + chunk.seqs.length * SLOT;
    chunk.bytes.write(hash, at, 64, 'latin1');
    signature.copy(chunk.bytes, at + 64);
    chunk.seqs.push(seq);
    chunk.head[1] = chunk.seqs.length;
    this.queued++;
  }

  /**
   * Verifies what no worker has claimed (from the end, so the two sides meet in the middle), waits for
   * the rest, stops the workers, and returns the lowest `seq` whose signature does not verify.
   */
  finish(): number | undefined {
    try {
      for (let i = this.chunks.length - 1; i >= 0; i--) {
        const chunk = this.chunks[i] as Chunk;
        if (Atomics.compareExchange(chunk.head, 0, NEW, CLAIMED) === NEW) this.verifyHere(chunk);
      }
      if (this.firstBad !== undefined) return this.firstBad;
      for (const chunk of this.chunks) {
        const bad = this.settled(chunk);
        if (bad !== undefined) return bad;
      }
      return undefined;
    } finally {
      this.close();
    }
  }

  /** Whether a worker has taken on any chunk yet. */
  claimedElsewhere(): boolean {
    return this.chunks.some((c) => Atomics.load(c.head, 0) !== NEW);
  }

  /** Chunks so far, and how many of them this thread verified (the rest went to workers). */
  stats(): { chunks: number; verifiedHere: number } {
    return { chunks: this.settledChunks + this.chunks.length, verifiedHere: this.verifiedHere };
  }

  /** Waits for (or does) the oldest `count` chunks, keeps the first failure, and lets them go. */
  private settleOldest(count: number): void {
    const oldest = this.chunks.splice(0, count);
    this.next = Math.max(0, this.next - oldest.length);
    this.settledChunks += oldest.length;
    for (const chunk of oldest) {
      if (Atomics.compareExchange(chunk.head, 0, NEW, CLAIMED) === NEW) this.verifyHere(chunk);
      const bad = this.settled(chunk);
      this.firstBad ??= bad;
    }
  }

  /** The failing `seq` of a chunk once it is done (waiting for the worker that claimed it). */
  private settled(chunk: Chunk): number | undefined {
    const started = Date.now();
    while (Atomics.load(chunk.head, 0) === CLAIMED) {
      Atomics.wait(chunk.head, 0, CLAIMED, 1000);
      if (Date.now() - started > STALL_MS) this.verifyHere(chunk);
    }
    return Atomics.load(chunk.head, 0) === BAD ? chunk.seqs[chunk.head[2] as number] : undefined;
  }

  /** Stops the workers (also when the caller fails half-way). */
  close(): void {
    for (const w of this.workers ?? []) void w.terminate();
    this.workers = [];
  }

  /**
   * Starts the workers now, before signatures pile up: the caller knows the ledger is long (a worker
   * takes tens of milliseconds to start, which this thread spends reading and hashing meanwhile).
   */
  warm(): void {
    this.dispatch(true);
  }

  /** Hands the full chunks to the workers, starting them once enough signatures are queued. */
  private dispatch(force = false): void {
    if (this.workerCount === 0 || (!force && this.queued < this.minSignatures)) return;
    if (this.workers === undefined) {
      try {
        this.workers = Array.from({ length: this.workerCount }, () => this.startWorker());
      } catch {
        // No threads to be had (resource limits): everything is checked on this thread instead.
        this.workers = [];
      }
    }
    const workers = this.workers;
    if (workers.length === 0) return;
    // Every full chunk not yet handed off (the last one is still being filled).
    for (; this.next < this.chunks.length - 1; this.next++) {
      const worker = workers[this.next % workers.length] as Worker;
      worker.postMessage((this.chunks[this.next] as Chunk).sab);
    }
  }

  private startWorker(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { publicKeyPem: this.publicKeyPem },
    });
    // A worker that fails to start never claims a chunk; `finish` verifies those here.
    worker.on('error', () => undefined);
    worker.unref();
    return worker;
  }

  private verifyHere(chunk: Chunk): void {
    this.verifiedHere++;
    let bad = -1;
    for (let i = 0; i < chunk.seqs.length; i++) {
      const at = HEADER + i * SLOT;
      let ok = false;
      try {
        ok = verify(
          null,
          chunk.bytes.subarray(at, at + 64),
          this.key,
          chunk.bytes.subarray(at + 64, at + SLOT),
        );
      } catch {
        ok = false;
      }
      if (!ok) {
        bad = i;
        break;
      }
    }
    chunk.head[2] = bad;
    Atomics.store(chunk.head, 0, bad < 0 ? GOOD : BAD);
    Atomics.notify(chunk.head, 0);
  }
}
