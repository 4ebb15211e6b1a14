import {
  WatchkeeperError,
  type Clock,
  type Logger,
  type OutboxItem,
  type OutboxRepository,
} from '../../../src/core/index.js';

/**
 * Prefix of a message id handed out before the platform returned the real one (still queued), so
 * callers can thread, edit or react to a message that has not been sent yet.
 */
export const PROVISIONAL_PREFIX = 'wk-outbox-';

/** The provisional id of outbox row `id`; {@link resolveProvisionalId} maps it to the real one later. */
export function provisionalId(id: number): string {
  return `${PROVISIONAL_PREFIX}${id}`;
}

/**
 * The real id behind a provisional one once its row was sent (`undefined` while it is not); other ids
 * are returned as they are. A free function so a platform's send step can resolve the ids in its payload.
 */
export function resolveProvisionalId(repo: OutboxRepository, id: string): string | undefined {
  if (!id.startsWith(PROVISIONAL_PREFIX)) return id;
  const row = repo.get(Number(id.slice(PROVISIONAL_PREFIX.length)));
  return row?.status === 'sent' && row.result !== null ? row.result : undefined;
}

/**
 * What one send attempt came to: `done` (with the platform's id of the message, if any) leaves the
 * queue, `retry` keeps the item stored and tries again after `delayMs`, `failed` gives up for good.
 */
export type Attempt =
  | { kind: 'done'; result: string | null }
  | { kind: 'retry'; delayMs: number; error: string }
  | { kind: 'failed'; error: string };

/** Exponential back-off shared by the adapters: `baseMs` doubled per attempt, capped at `maxMs`. */
export function backoffMs(attempts: number, baseMs = 1000, maxMs = 60_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 16));
}

/** How a platform names itself in logs and errors (kept as they were before the worker was shared). */
export interface OutboxWording {
  /** `Slack`, `Discord`, `Matrix`. */
  readonly label: string;
  /** What is queued: `message` or `event`. */
  readonly noun: string;
  /** Log field that carries the queue key: `channel` or `room`. */
  readonly channelKey: string;
  /** Warning logged when an attempt will be retried, e.g. `Slack call will be retried`. */
  readonly retried: string;
  /** Error logged when the platform refused an item for good, e.g. `Slack refused a message`. */
  readonly refused: string;
}

export interface ChannelOutboxOptions<P extends { kind: string }> {
  /** Outbox rows are stored and resent per platform (`slack`, `discord`, `matrix`). */
  readonly platform: string;
  readonly repo: OutboxRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly wording: OutboxWording;
  /** The queue an item belongs to; order (and pacing) is kept per queue. */
  readonly channelOf: (payload: P) => string;
  /** One attempt at the platform call; must not throw (classify errors into an {@link Attempt}). */
  readonly send: (payload: P, item: OutboxItem) => Promise<Attempt>;
  /** The error a caller waiting on a refused item gets. */
  readonly refusal: (payload: P, error: string) => Error;
  /**
   * Least time between two sends of `applies` payloads into one channel, measured from the answer to
   * the previous one (Slack allows about one post per second per channel).
   */
  readonly pacing?: {
    readonly minIntervalMs: number;
    readonly applies: (payload: P) => boolean;
    /** Monotonic milliseconds; default performance.now. */
    readonly monotonic?: (() => number) | undefined;
  };
  /**
   * The id of the message an item edits, when the item may overtake earlier items of its queue that
   * wait for their pacing slot (order only matters between a message and its own edits): return it
   * once that message exists, else `undefined`. Without it, or for other items, order is strict.
   */
  readonly overtakes?: (payload: P) => string | undefined;
}

/**
 * The durable delivery worker the chat adapters share: every call is stored before it is sent, one
 * worker per channel keeps order, back-off and `Retry-After` come from the platform's {@link Attempt},
 * and an item leaves the store only when the platform accepted or refused it for good, so neither a
 * restart nor an outage loses a message. Only the platform call and its error classification differ.
 */
export class ChannelOutbox<P extends { kind: string }> {
  private readonly queues = new Map<string, OutboxItem[]>();
  private readonly running = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  private readonly waiters = new Map<
    number,
    { resolve: (r: string | null) => void; reject: (e: Error) => void }
  >();
  private readonly lastSend = new Map<string, number>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** The sleep each channel's worker is in, so an item that may overtake can wake it. */
  private readonly sleeping = new Map<string, { timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly idlers: (() => void)[] = [];
  private stopped = true;
  private readonly monotonic: () => number;

  constructor(private readonly o: ChannelOutboxOptions<P>) {
    this.monotonic = o.pacing?.monotonic ?? (() => performance.now());
  }

  /** Loads what a previous process left unsent and starts sending. */
  start(): void {
    this.stopped = false;
    const pending = this.o.repo.pending(this.o.platform);
    const { label, noun } = this.o.wording;
    if (pending.length > 0)
      this.o.logger.info(`resending queued ${label} ${noun}s`, { count: pending.length });
    for (const item of pending) this.push(item);
  }

  /**
   * Stops sending and waits for calls already on the wire to be recorded (so the next start does not
   * send them again); what is still queued stays in the store for the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    this.sleeping.clear();
    const { label, noun } = this.o.wording;
    for (const w of this.waiters.values())
      w.reject(new WatchkeeperError('INTERNAL', `${label} adapter stopped; the ${noun} stays queued`));
    this.waiters.clear();
    this.queues.clear();
    await Promise.all([...this.workers]);
    this.notifyIdle();
  }

  /** Stores the call, then queues it; `done` settles when the platform accepted (→ its id) or refused it. */
  enqueue(payload: P): { id: number; done: Promise<string | null> } {
    const item = this.o.repo.enqueue({
      platform: this.o.platform,
      channel: this.o.channelOf(payload),
      kind: payload.kind,
      payload,
      at: this.o.clock.now().toISOString(),
    });
    const done = new Promise<string | null>((resolve, reject) =>
      this.waiters.set(item.id, { resolve, reject }),
    );
    done.catch(() => undefined); // callers that stop waiting must not cause an unhandled rejection
    if (this.stopped) {
      const w = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      const { label, noun } = this.o.wording;
      w?.reject(
        new WatchkeeperError('INTERNAL', `${label} adapter is not running; the ${noun} stays queued`),
      );
    } else this.push(item);
    return { id: item.id, done };
  }

  /** Resolves when every queue is empty (tests, shutdown). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** The real id behind a provisional one, once sent; other ids are returned as they are. */
  resolveId(id: string): string | undefined {
    return resolveProvisionalId(this.o.repo, id);
  }

  private isIdle(): boolean {
    return this.running.size === 0 && [...this.queues.values()].every((q) => q.length === 0);
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    for (const resolve of this.idlers.splice(0)) resolve();
  }

  private push(item: OutboxItem): void {
    const q = this.queues.get(item.channel) ?? [];
    q.push(item);
    this.queues.set(item.channel, q);
    this.kick(item.channel);
    // a worker waiting for a pacing slot re-plans: this edit need not wait behind the paced posts
    if (this.o.overtakes?.(item.payload as P) !== undefined) {
      const s = this.sleeping.get(item.channel);
      if (s !== undefined) {
        clearTimeout(s.timer);
        this.sleeps.delete(s);
        this.sleeping.delete(item.channel);
        s.resolve();
      }
    }
  }

  /**
   * The first item after the head that may go now although the head waits for its slot: it edits a
   * message that exists, is not backing off, and no earlier item edits the same message.
   */
  private overtaker(q: readonly OutboxItem[]): number {
    const overtakes = this.o.overtakes;
    if (overtakes === undefined) return -1;
    const now = this.o.clock.now().getTime();
    const earlier = new Set<string>();
    for (let i = 0; i < q.length; i++) {
      const item = q[i] as OutboxItem;
      const target = overtakes(item.payload as P);
      if (target === undefined) continue;
      if (i > 0 && !earlier.has(target) && Date.parse(item.notBefore) <= now) return i;
      earlier.add(target);
    }
    return -1;
  }

  private kick(channel: string): void {
    if (this.stopped || this.running.has(channel)) return;
    this.running.add(channel);
    const { label, channelKey } = this.o.wording;
    const worker: Promise<void> = this.drain(channel)
      .catch((err: unknown) =>
        this.o.logger.error(`${label} outbox worker failed`, { [channelKey]: channel, error: String(err) }),
      )
      .finally(() => {
        this.running.delete(channel);
        if (!this.stopped && (this.queues.get(channel)?.length ?? 0) > 0) this.kick(channel);
        else this.notifyIdle();
        this.workers.delete(worker);
      });
    this.workers.add(worker);
  }

  private async drain(channel: string): Promise<void> {
    const q = this.queues.get(channel);
    const { wording, pacing } = this.o;
    while (q !== undefined && q.length > 0 && !this.stopped) {
      let index = 0;
      let item = q[0] as OutboxItem;
      let payload = item.payload as P;
      let paced = pacing !== undefined && pacing.applies(payload);
      let wait = Math.max(0, Date.parse(item.notBefore) - this.o.clock.now().getTime());
      if (paced && pacing !== undefined) {
        const last = this.lastSend.get(channel);
        if (last !== undefined) wait = Math.max(wait, last + pacing.minIntervalMs - this.monotonic());
      }
      if (wait > 0) {
        const other = this.overtaker(q);
        if (other > 0) {
          index = other;
          item = q[index] as OutboxItem;
          payload = item.payload as P;
          paced = pacing !== undefined && pacing.applies(payload);
          wait = 0;
        }
      }
      if (wait > 0) {
        await this.sleep(wait, channel);
        continue; // re-plan: an edit may have arrived that can go first
      }
      if (this.stopped) return;
      const outcome = await this.o.send(payload, item);
      // paced from the answer, so arrivals at the platform are at least the interval apart
      if (paced) this.lastSend.set(channel, this.monotonic());
      // the outcome is recorded even when stop() came meanwhile: a sent message must not be sent again
      const at = this.o.clock.now().toISOString();
      const fields = { [wording.channelKey]: channel, kind: payload.kind };
      if (outcome.kind === 'retry') {
        const attempts = item.attempts + 1;
        const notBefore = new Date(this.o.clock.now().getTime() + outcome.delayMs).toISOString();
        this.o.repo.reschedule(item.id, attempts, notBefore, outcome.error);
        this.o.logger.warn(wording.retried, {
          ...fields,
          attempts,
          error: outcome.error,
          delayMs: outcome.delayMs,
        });
        item = { ...item, attempts, notBefore };
        q[index] = item;
        continue;
      }
      q.splice(index, 1);
      const waiter = this.waiters.get(item.id);
      this.waiters.delete(item.id);
      if (outcome.kind === 'done') {
        this.o.repo.markSent(item.id, outcome.result, at);
        waiter?.resolve(outcome.result);
      } else {
        this.o.repo.markFailed(item.id, outcome.error, at);
        this.o.logger.error(wording.refused, { ...fields, code: outcome.error });
        waiter?.reject(this.o.refusal(payload, outcome.error));
      }
    }
  }

  private sleep(ms: number, channel: string): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          this.sleeping.delete(channel);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
      this.sleeping.set(channel, entry);
    });
  }
}
