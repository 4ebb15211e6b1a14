import winston from 'winston';
import type { Logger } from '../core/index.js';
import type { Redactor } from './redactor.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'silent';

/** JSON logs on stdout; every message and meta value passes the redactor first. */
export function createLogger(options: { level: LogLevel; redactor: Redactor }): Logger {
  const { redactor } = options;
  const redact = winston.format((info) => {
    info.message = redactor.text(String(info.message));
    for (const key of Object.keys(info)) {
      if (key !== 'level' && key !== 'message') info[key] = redactor.value(info[key]);
    }
    return info;
  });
  const root = winston.createLogger({
    level: options.level === 'silent' ? 'error' : options.level,
    silent: options.level === 'silent',
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console()],
  });
  return wrap(root);
}

function wrap(w: winston.Logger): Logger {
  return {
    debug: (m, meta) => w.debug(m, meta),
    info: (m, meta) => w.info(m, meta),
    warn: (m, meta) => w.warn(m, meta),
    error: (m, meta) => w.error(m, meta),
    child: (module) => wrap(w.child({ module })),
  };
}
