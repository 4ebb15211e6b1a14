import type { HttpRoute, SignalIntake } from '../core/index.js';
import { WatchkeeperError } from '../core/index.js';
import { parseJsonBody } from './parse-json-body.js';

export interface HookRoutesOptions {
  readonly intake: SignalIntake;
  /** Source ids; each becomes `POST /hooks/<source>`. */
  readonly sources: readonly string[];
}

/**
 * `POST /hooks/<source>` for each source (auth `hook`). Answers 202 only after the intake committed
 * every signal, so a sender that sees 2xx may forget the alert (design.md §5).
 */
export function createHookRoutes(options: HookRoutesOptions): HttpRoute[] {
  const { intake } = options;
  return options.sources.map((source) => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(source))
      throw new WatchkeeperError('CONFIG_INVALID', `bad hook source id: ${source}`);
    return {
      method: 'POST',
      path: `/hooks/${source}`,
      auth: 'hook',
      handle: async (req) => {
        const result = await intake.accept(source, parseJsonBody(req));
        return { status: 202, body: { accepted: result.accepted, signals: result.signalIds } };
      },
    } satisfies HttpRoute;
  });
}
