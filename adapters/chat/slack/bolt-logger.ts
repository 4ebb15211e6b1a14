import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../../src/core/index.js';

/**
 * Bolt's logger interface on top of ours, so Bolt's messages go through the same redaction and
 * levels. Bolt's info chatter (connections, "Now connected") is logged at debug.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug(text(msg)),
    info: (...msg: unknown[]) => logger.debug(text(msg)),
    warn: (...msg: unknown[]) => logger.warn(text(msg)),
    error: (...msg: unknown[]) => logger.error(text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
