// Child process of test/e2e/otel-unset.test.ts: builds the whole app (not started) with or without an
// OTLP endpoint while resolve-spy.mjs records which OpenTelemetry modules were resolved.
import { register } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

register('./resolve-spy.mjs', import.meta.url);
const { loadConfig } = await import('../../../src/config/index.js');
const { createApp } = await import('../../../src/app.js');
const { silentLogger } = await import('../../helpers/silent-logger.js');

const dir = mkdtempSync(join(tmpdir(), 'wk-otel-child-'));
const endpoint = process.argv[2];
const config = loadConfig(
  {
    PORT: '0',
    LOG_LEVEL: 'silent',
    WATCHKEEPER_DATA_DIR: dir,
    ...(endpoint === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
  },
  process.cwd(),
);
const app = await createApp(config, { logger: silentLogger });
await app.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
