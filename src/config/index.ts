export { loadConfig, type AppConfig } from './load-config.js';
export { configSchema, isLoopback, type RawConfig } from './config-schema.js';
export { loadOrCreateSecretFile } from './secret-file.js';
