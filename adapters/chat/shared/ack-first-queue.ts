/**
 * Work a platform handed over and that was already acknowledged, started one job per event-loop turn
 * (plus one per 16 waiting, under a backlog). Each turn first serves the I/O that is ready (the next
 * requests, so their acks go out at once) and then starts its jobs; a burst bigger than one core can
 * work through queues here instead of delaying every ack behind it. Jobs keep their arrival order. What a job does after its first real I/O wait
 * (a Web API call, a response_url reply) continues as that I/O completes, like any other callback.
 */
/** Queued jobs per extra job started in one turn (see `schedule`). */
const BACKLOG_STEP = 16;

export class AckFirstQueue {
  private readonly jobs: (() => void)[] = [];
  private scheduled = false;
  private readonly idlers: (() => void)[] = [];

  /** Queues a job; `start` must not throw (the caller wraps it and tracks its promise). */
  push(start: () => void): void {
    this.jobs.push(start);
    this.schedule();
  }

  /** Jobs waiting for their turn. */
  get length(): number {
    return this.jobs.length;
  }

  /** Resolves when every queued job has been started. */
  drained(): Promise<void> {
    if (this.jobs.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // an immediate queued from inside an immediate runs in the next turn, after that turn's I/O
    setImmediate(() => {
      this.scheduled = false;
      // one job per turn keeps acks first; a backlog takes a few more per turn, so the queue cannot
      // grow without bound while the process still has CPU to spare (each job is about a millisecond)
      const n = 1 + Math.floor(this.jobs.length / BACKLOG_STEP);
      for (let i = 0; i < n; i++) this.jobs.shift()?.();
      if (this.jobs.length > 0) this.schedule();
      else for (const resolve of this.idlers.splice(0)) resolve();
    });
  }
}
