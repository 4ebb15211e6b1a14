/**
 * Process entry: loads .env and config, runs one CLI command, and for `start` keeps the bot up
 * until SIGINT/SIGTERM, then shuts down gracefully (in-flight requests finish, the database closes).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from './app.js';
import { createLedger, exportAudit, loadOrCreateSigningKey, playback } from './audit/index.js';
import { runCli, type CliContext } from './cli/index.js';
import { loadConfig, type AppConfig } from './config/index.js';
import { systemClock, toWatchkeeperError } from './core/index.js';
import { Redactor, createLogger } from './log/index.js';
import {
  createPolicyEngine,
  formatPolicyTestReport,
  loadPolicies,
  policyCheck,
  runPolicyTests,
} from './policy/index.js';
import { openSqliteStore } from './store/index.js';

function context(config: AppConfig): CliContext {
  const redactor = new Redactor(config.secrets);
  const logger = createLogger({ level: config.logLevel, redactor });
  const openLedger = () => {
    const store = openSqliteStore({ path: config.dbPath, clock: systemClock, logger });
    const ledger = createLedger({
      repo: store.audit,
      signingKey: loadOrCreateSigningKey({
        dataDir: config.dataDir,
        ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
      }),
      clock: systemClock,
      redact: (v) => redactor.value(v),
    });
    return { store, ledger };
  };
  return {
    async start() {
      const app = await createApp(config, { logger });
      await app.start();
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.info('shutting down', { signal });
        app.stop().then(
          () => process.exit(0),
          (err: unknown) => {
            logger.error('shutdown failed', { error: String(err) });
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    auditVerify() {
      const { store, ledger } = openLedger();
      try {
        return ledger.verify();
      } finally {
        store.close();
      }
    },
    auditExport(write) {
      const { store, ledger } = openLedger();
      try {
        exportAudit(ledger, write);
      } finally {
        store.close();
      }
    },
    playback(incidentId) {
      const { store, ledger } = openLedger();
      try {
        if (store.incidents.get(incidentId) === undefined) return undefined;
        return playback(ledger.forIncident(incidentId));
      } finally {
        store.close();
      }
    },
    policyCheck() {
      return policyCheck(config.policiesDir);
    },
    policyTest() {
      const report = runPolicyTests(config.policiesDir, createPolicyEngine(loadPolicies(config.policiesDir)));
      return { ok: report.failed === 0, text: formatPolicyTestReport(report) };
    },
  };
}

async function main(): Promise<number> {
  const envFile = resolve(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  let config: AppConfig;
  try {
    config = loadConfig(process.env, process.cwd());
  } catch (err) {
    process.stderr.write(`${toWatchkeeperError(err).message}\n`);
    return 2;
  }
  return runCli(process.argv.slice(2), () => context(config), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = toWatchkeeperError(err);
    process.stderr.write(`watchkeeper: ${e.code}: ${e.message}\n`);
    process.exit(1);
  },
);
