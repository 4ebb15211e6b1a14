import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { noopTracer, type Planner } from '../../src/core/index.js';
import { createTracer, otlpSettings, tracePlanner } from '../../src/telemetry/index.js';
import { silentLogger } from '../helpers/silent-logger.js';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, '..', 'fakes', 'otlp', 'create-app-child.ts');

/** Builds the whole app in a child process and returns the `@opentelemetry/` specifiers it resolved. */
async function resolvedByAppStart(endpoint?: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wk-otel-spy-'));
  const file = join(dir, 'resolved.txt');
  try {
    await run(process.execPath, ['--import', 'tsx', CHILD, ...(endpoint === undefined ? [] : [endpoint])], {
      env: { ...process.env, RESOLVE_SPY_FILE: file },
      timeout: 60_000,
    });
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // nothing resolved: the spy never wrote the file
    }
    return [...new Set(text.split('\n').filter((l) => l !== ''))].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('telemetry: nothing is loaded or exported when OTLP is not configured', function () {
  this.timeout(120_000);

  it('the factory returns the no-op tracer and the planner is not wrapped', async () => {
    const settings = otlpSettings({});
    expect(settings).to.equal(undefined);
    const tracer = await createTracer(settings, { redact: (t) => t, logger: silentLogger });
    expect(tracer).to.equal(noopTracer);
    expect(tracer.enabled).to.equal(false);
    const planner: Planner = { id: 'p', plan: () => Promise.reject(new Error('unused')) };
    expect(tracePlanner(planner, tracer)).to.equal(planner);
  });

  // What this checks: the ESM imports resolved while the whole app is built (module resolve hooks in a
  // child process). CommonJS `require`s inside third-party packages are not seen by these hooks.
  it('building the app imports no @opentelemetry package unless an endpoint is set (and does with one)', async () => {
    expect(await resolvedByAppStart()).to.deep.equal([]);
    const withEndpoint = await resolvedByAppStart('http://127.0.0.1:9');
    expect(withEndpoint).to.include.members([
      '@opentelemetry/exporter-trace-otlp-http',
      '@opentelemetry/sdk-trace-base',
    ]);
  });
});
