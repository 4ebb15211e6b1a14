/**
 * Process entry: loads .env and config, runs one CLI command, and for `start` keeps the bot up
 * until SIGINT/SIGTERM, then shuts down gracefully (in-flight requests finish, the database closes).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from './app.js';
import {
  createLedger,
  exportAudit,
  loadOrCreateSigningKey,
  playback,
  publicKeyPemOf,
  signingKeyPath,
  verifyEntries,
  verifyExport,
} from './audit/index.js';
import { runCli, type CliContext, type RestoreDrillStage, type RolloutCliContext } from './cli/index.js';
import { loadConfig, type AppConfig } from './config/index.js';
import {
  WatchkeeperError,
  systemClock,
  toWatchkeeperError,
  type AuditVerification,
  type Logger,
  type Store,
} from './core/index.js';
import { loadAgentVersions, switchVersion } from './rollout/index.js';
import { Redactor, createLogger } from './log/index.js';
import {
  createPolicyEngine,
  formatPolicyTestReport,
  loadPolicies,
  policyCheck,
  runPolicyTests,
} from './policy/index.js';
import {
  backupDatabase,
  isSqliteFile,
  openBackup,
  openSqliteStore,
  restoreDatabase,
  verifyBackup,
  type BackupReader,
} from './store/index.js';
import { DRILLS, findDrill, formatDrillResult, recordDrillResult, runDrill } from './drills/index.js';
import { NAMED_DATASETS, formatReplayMarkdown, replayDataset } from './replay/index.js';

/** The package version, stamped on replay reports so numbers are comparable across versions. */
function packageVersion(): string {
  try {
    return String(
      (JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')) as { version?: unknown })
        .version,
    );
  } catch {
    return 'unknown';
  }
}

const silent: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

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
    drills: {
      list: () => DRILLS.map((d) => ({ name: d.name, description: d.description })),
      async run(name) {
        const drill = findDrill(name);
        if (drill === undefined) return undefined;
        const result = await runDrill(drill, {
          factory: async (o) => (await import('./compose/drill-target.js')).createDrillTarget(config, o),
          clock: systemClock,
        });
        // The latest verdict goes to the configured store, where the running server's dashboard reads it.
        const store = openSqliteStore({ path: config.dbPath, clock: systemClock, logger });
        try {
          recordDrillResult(store.kv, result);
        } finally {
          store.close();
        }
        return { passed: result.passed, lines: formatDrillResult(result) };
      },
    },
    replay: {
      datasets: () => Object.keys(NAMED_DATASETS),
      async run(dataset, options) {
        const result = await replayDataset({
          dataset,
          ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          outDir: options.outDir ?? resolve(process.cwd(), 'bench', 'results'),
          evalDataDir: resolve(process.cwd(), '..', 'shared', 'eval-data'),
          target: async () =>
            (await import('./compose/drill-target.js')).createDrillTarget(config, { mode: 'shadow' }),
          now: () => performance.now(),
          generatedAt: () => new Date().toISOString(),
          version: packageVersion(),
        });
        return {
          ok: result.ok,
          lines: [
            ...formatReplayMarkdown(result.report, result.deltas).trimEnd().split('\n'),
            '',
            `wrote ${result.files.json} and ${result.files.markdown}`,
          ],
        };
      },
    },
    policyTest() {
      const report = runPolicyTests(config.policiesDir, createPolicyEngine(loadPolicies(config.policiesDir)));
      return { ok: report.failed === 0, text: formatPolicyTestReport(report) };
    },
    ...rolloutContext(config, openLedger),
  };
}

/** Backup, restore, offline verification, the restore drill and agent versions (README "Backup and restore"). */
function rolloutContext(
  config: AppConfig,
  openLedger: () => { store: Store; ledger: ReturnType<typeof createLedger> },
): RolloutCliContext {
  const publicKey = (): string => {
    const { store, ledger } = openLedger();
    store.close();
    return ledger.publicKeyPem();
  };
  /** The key that will sign new entries must be the one that signed the backup, or the chain forks. */
  const checkKey = (backupKey: string): void => {
    if (config.signingKey === undefined && !existsSync(signingKeyPath(config.dataDir))) {
      throw new WatchkeeperError(
        'CONFIG_INVALID',
        `no audit signing key: set WATCHKEEPER_SIGNING_KEY or copy keys/audit-ed25519.pem into ${config.dataDir} first`,
      );
    }
    const key = loadOrCreateSigningKey({
      dataDir: config.dataDir,
      ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
    });
    if (publicKeyPemOf(key).trim() !== backupKey.trim()) {
      throw new WatchkeeperError(
        'CONFIG_INVALID',
        'the configured audit signing key did not sign this backup',
      );
    }
  };
  const verifyReader = (r: BackupReader): AuditVerification => verifyBackup(r, verifyEntries);
  const backup = async (file: string, dbPath = config.dbPath) => {
    const started = performance.now();
    const r = await backupDatabase({ dbPath, target: file, publicKeyPem: publicKey() });
    return { ...r, ms: Math.round(performance.now() - started) };
  };
  const versions = () => {
    const file = config.raw.WATCHKEEPER_VERSIONS ?? join(config.dataDir, 'versions.yaml');
    const loaded = loadAgentVersions(file);
    if (loaded === undefined) throw new WatchkeeperError('NOT_FOUND', `no agent versions file ${file}`);
    return loaded;
  };
  return {
    backup: (file) => backup(file),
    verifyFile(file) {
      if (!isSqliteFile(file)) {
        return { format: 'export', ...verifyExport(readFileSync(file, 'utf8').split('\n')) };
      }
      const reader = openBackup(file);
      try {
        return { format: 'backup', ...verifyReader(reader) };
      } finally {
        reader.close();
      }
    },
    restore(file, force) {
      const reader = openBackup(file);
      const backupKey = reader.manifest.publicKey;
      reader.close();
      const { manifest, verification } = restoreDatabase({
        backupFile: file,
        dbPath: config.dbPath,
        force,
        verify: (r) => {
          const v = verifyReader(r);
          if (v.ok) checkKey(backupKey);
          return v;
        },
      });
      return { db: config.dbPath, auditEntries: verification.count, incidents: manifest.incidents };
    },
    async drillRestore() {
      const scratch = mkdtempSync(join(tmpdir(), 'wk-drill-restore-'));
      const stages: RestoreDrillStage[] = [];
      const stage = async (name: string, fn: () => string | Promise<string>): Promise<boolean> => {
        const t = performance.now();
        try {
          stages.push({ name, ok: true, detail: await fn(), ms: Math.round(performance.now() - t) });
          return true;
        } catch (err) {
          const e = toWatchkeeperError(err);
          stages.push({
            name,
            ok: false,
            detail: `${e.code}: ${e.message}`,
            ms: Math.round(performance.now() - t),
          });
          return false;
        }
      };
      const file = join(scratch, 'drill.backup.db');
      const db = join(scratch, 'data', 'watchkeeper.db');
      let incidents = 0;
      try {
        const ok =
          (await stage('backup', async () => {
            const r = await backup(file);
            incidents = r.incidents;
            return `${r.bytes} bytes, ${r.incidents} incidents, ${r.auditEntries} audit entries`;
          })) &&
          (await stage('verify', () => {
            const reader = openBackup(file);
            try {
              const v = verifyReader(reader);
              if (!v.ok)
                throw new WatchkeeperError('AUDIT_BROKEN', `entry ${v.firstBad?.seq}: ${v.firstBad?.reason}`);
              return `${v.count} entries verified offline with the bundled public key`;
            } finally {
              reader.close();
            }
          })) &&
          (await stage('restore', () => {
            restoreDatabase({ backupFile: file, dbPath: db, verify: verifyReader });
            return `into ${db}`;
          })) &&
          (await stage('reopen', () => {
            const store = openSqliteStore({ path: db, clock: systemClock, logger: silent });
            try {
              const restored = store.incidents.list({ limit: 1_000_000 }).length;
              if (restored !== incidents)
                throw new WatchkeeperError(
                  'STORE_FAILED',
                  `${restored} incidents restored, ${incidents} backed up`,
                );
              const key = loadOrCreateSigningKey({
                dataDir: config.dataDir,
                ...(config.signingKey === undefined ? {} : { configuredKey: config.signingKey }),
              });
              const v = createLedger({
                repo: store.audit,
                signingKey: key,
                clock: systemClock,
                redact: (x) => x,
              }).verify();
              if (!v.ok)
                throw new WatchkeeperError('AUDIT_BROKEN', `restored ledger: entry ${v.firstBad?.seq}`);
              return `schema migrated, ${restored} incidents, ledger verified with the installation's key`;
            } finally {
              store.close();
            }
          }));
        return { ok, stages };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    versionShow() {
      const { store } = openLedger();
      try {
        return {
          routing: store.agentVersions.routing() ?? versions().routing,
          outcomes: store.agentVersions.outcomes(),
        };
      } finally {
        store.close();
      }
    },
    versionSwitch(action) {
      const loaded = versions();
      const { store, ledger } = openLedger();
      try {
        const before = store.agentVersions.routing() ?? loaded.routing;
        const after = switchVersion(before, action);
        store.agentVersions.setRouting(after);
        ledger.append({
          kind: 'system',
          actor: `cli:${userInfo().username}`,
          data: { event: `version.${action}`, before, after },
        });
        return { before, after };
      } finally {
        store.close();
      }
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
