export { Redactor, REDACTED } from './redactor.js';
export { createLogger, type LogLevel } from './create-logger.js';
