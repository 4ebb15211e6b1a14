import type { Clock, DrillCheck, DrillResult } from '../core/index.js';
import { toWatchkeeperError } from '../core/index.js';
import type { DrillMode, DrillTarget, DrillTargetFactory } from './drill-target.js';

/** A scripted scenario with expected outcomes. */
export interface Drill {
  readonly name: string;
  readonly description: string;
  readonly mode: DrillMode;
  /** Plays the scenario against `target` and returns one check per expected outcome. */
  run(target: DrillTarget): Promise<DrillCheck[]>;
}

export interface RunDrillOptions {
  readonly factory: DrillTargetFactory;
  readonly clock: Clock;
  /** Overrides the target's policies (used to show that a drill fails under an unsafe policy). */
  readonly policiesDir?: string;
}

/** Builds a check from a condition and the sentence that explains it. */
export function check(name: string, passed: boolean, detail: string): DrillCheck {
  return { name, passed, detail };
}

/**
 * Runs one drill on a fresh target and always closes it. A drill passes when it produced at least one
 * check and every check passed; one that throws fails with the error's code and message.
 */
export async function runDrill(drill: Drill, o: RunDrillOptions): Promise<DrillResult> {
  const started = o.clock.now();
  const base = { drill: drill.name, mode: drill.mode, startedAt: started.toISOString() };
  const elapsed = () => o.clock.now().getTime() - started.getTime();
  let target: DrillTarget | undefined;
  try {
    target = await o.factory({
      mode: drill.mode,
      ...(o.policiesDir === undefined ? {} : { policiesDir: o.policiesDir }),
    });
    const checks = await drill.run(target);
    return {
      ...base,
      passed: checks.length > 0 && checks.every((c) => c.passed),
      durationMs: elapsed(),
      checks,
    };
  } catch (err) {
    const e = toWatchkeeperError(err);
    return { ...base, passed: false, durationMs: elapsed(), checks: [], error: `${e.code}: ${e.message}` };
  } finally {
    await target?.close();
  }
}
