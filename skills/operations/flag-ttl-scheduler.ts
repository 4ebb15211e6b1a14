import { BOT_PRINCIPAL_ID } from '../../src/core/index.js';
import type { Clock, KeyValueRepository, Logger, Orchestrator } from '../../src/core/index.js';

/** A flag flip whose TTL is over, as the backend reports it. */
export interface DueFlagRevert {
  readonly id: string;
  readonly flag: string;
  readonly revertTo: boolean;
}

export interface FlagTtlSchedulerOptions {
  /** TTL records due at `now` and not yet reverted (the sandbox's `dueFlagReverts`). */
  readonly due: (now: Date) => readonly DueFlagRevert[];
  /** The tool that performs one revert, taking `{ ttlId }` (default `sandbox.revert_flag`). */
  readonly tool?: string;
  readonly orchestrator: Orchestrator;
  /** Remembers which TTLs already have a run, across restarts. */
  readonly kv: KeyValueRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Reverts flag flips whose TTL is over. The TTL lives in the backend's durable state, so a restart loses
 * nothing: the first tick after start-up picks up every overdue revert. Each revert is started as a bot
 * run through the orchestrator, so the policy decides it and the audit records it like any other step;
 * a TTL gets one run, ever (remembered in the key-value store).
 */
export class FlagTtlScheduler {
  private running: Promise<number> | undefined;

  constructor(private readonly o: FlagTtlSchedulerOptions) {}

  /** Starts the runs for every due revert; resolves with how many were started. Never runs twice at once. */
  tick(): Promise<number> {
    this.running ??= this.startDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async startDue(): Promise<number> {
    let started = 0;
    for (const due of this.o.due(this.o.clock.now())) {
      const key = `ops:flag-ttl-run:${due.id}`;
      if (this.o.kv.get(key) !== undefined) continue;
      const word = due.revertTo ? 'on' : 'off';
      try {
        const run = await this.o.orchestrator.start(
          {
            goal: `TTL over: turn flag ${due.flag} back ${word}`,
            planner: 'flag-ttl',
            steps: [
              {
                tool: this.o.tool ?? 'sandbox.revert_flag',
                input: { ttlId: due.id },
                rationale: `The flip of ${due.flag} was made with a TTL (${due.id}); it is over, so the flag goes back ${word}.`,
              },
            ],
          },
          { kind: 'signal', principal: BOT_PRINCIPAL_ID, skill: 'operations', domain: 'operations' },
        );
        this.o.kv.set(key, run.id);
        started += 1;
      } catch (err) {
        this.o.logger.error('flag TTL revert could not start', { ttlId: due.id, error: String(err) });
      }
    }
    return started;
  }
}
