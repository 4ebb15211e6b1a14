import type { Logger } from '../../../src/core/index.js';

/**
 * Small helpers every chat adapter needs the same way. They live once here so that the Slack, Discord
 * and Matrix adapters agree on them.
 */

/** Resolves with `p`, or with undefined after `ms` (the caller then carries on with a provisional value). */
export async function waitFor<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Inbound work started after a platform was acknowledged: failures are logged (the platform already
 * has its answer), and `settle()` waits for everything still running (tests, shutdown).
 */
export class InFlight {
  private readonly work = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.logger.error(`${this.what} failed`, { error: String(err) }));
    this.work.add(p);
    void p.finally(() => this.work.delete(p));
  }

  async settle(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }
}

/**
 * Whether a command starts work that posts several messages (a skill command): the adapter then opens a
 * thread for it, so the plan, the approval prompt and the outcome stay together.
 */
export function opensThread(commandText: string): boolean {
  const verb = commandText.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return verb !== '' && !CONVERSATIONAL_VERBS.has(verb);
}

const CONVERSATIONAL_VERBS = new Set([
  'help',
  'ask',
  'incidents',
  'incident',
  'approve',
  'reject',
  'approvals',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'whoami',
]);
