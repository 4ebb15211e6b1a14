/**
 * `npm run bench`: start-up/idle footprint (B6) and B1 alert ingest, Watchkeeper vs a real Prometheus
 * Alertmanager in the same run; B2 alert storm and B3 Slack command path against the fake Slack; B4/B5
 * in process. Prints the tables and writes bench/results/latest.json.
 *   --smoke    short version (1 start-up, 2 s wrk, 5 s storm, 2 s commands) to keep the scripts working
 *   --profile  one extra 10 s B1 run with `node --cpu-prof`; prints the top self-time functions
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshBuild } from '../bin/compiled-build.js';
import { formatSelfTime, topSelfTime, type SelfTime } from './cpuprofile-top.js';
import { findBinary, rssMiB, stopGracefully, tempDir, type Service } from './processes.js';
import {
  buildAppRows,
  buildRows,
  formatTable,
  type Figures,
  type IngestFigures,
  type StartupFigures,
} from './report.js';
import { benchCommands, benchStorm } from './in-app.js';
import { benchLedger, benchSimilar, type InProcessFigures } from './in-process.js';
import { startAlertmanager } from './spawn-alertmanager.js';
import { REPO_ROOT, startWatchkeeper } from './spawn-watchkeeper.js';
import { runWrk, type WrkOptions } from './wrk.js';

const smoke = process.argv.includes('--smoke');
const profile = process.argv.includes('--profile');
const STARTUP_RUNS = smoke ? 1 : 3;
const IDLE_MS = smoke ? 500 : 3000;
const WRK_SECONDS = smoke ? 2 : 15;
const PROFILE_SECONDS = smoke ? 2 : 10;
const SHUTDOWN_GRACE_MS = 120_000;
const B4_ENTRIES = smoke ? 2_000 : 100_000;
const B4_QUERIES = smoke ? 100 : 1_000;
const B5_APPENDS = smoke ? 1_000 : 20_000;
const WRK_SHAPE = { threads: 2, connections: 32 } as const;
const B2 = smoke
  ? { alerts: 500, seconds: 5, groups: 20, settleLimitMs: 8_000 }
  : { alerts: 10_000, seconds: 60, groups: 20, settleLimitMs: 120_000 };
const B3 = smoke
  ? { rate: 50, seconds: 2, rollbackEvery: 25, promptLimitMs: 6_000 }
  : { rate: 500, seconds: 10, rollbackEvery: 500, promptLimitMs: 15_000 };

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * What `node bin/watchkeeper.js` will run: the compiled build when it is up to date (as after
 * `npm install`), else the sources through tsx. A full run builds first, because it measures what an
 * installation runs; the smoke run only says which it got.
 */
function runtimeUnderTest(): 'dist' | 'sources' {
  if (freshBuild(REPO_ROOT) === undefined && !smoke) {
    log('dist/ is older than the sources: npm run build …');
    spawnSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }
  const runtime = freshBuild(REPO_ROOT) === undefined ? 'sources' : 'dist';
  log(
    `watchkeeper runs from ${runtime === 'dist' ? 'the compiled build (dist/)' : 'the TypeScript sources (tsx)'}`,
  );
  return runtime;
}

async function measureStartup(name: string, start: () => Promise<Service>): Promise<StartupFigures> {
  const runs: { startupMs: number; idleRssMiB: number }[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const svc = await start();
    try {
      await sleep(IDLE_MS);
      runs.push({ startupMs: svc.startupMs, idleRssMiB: rssMiB(svc.pid) });
      log(
        `${name} start-up ${i + 1}: ${svc.startupMs.toFixed(0)} ms, idle RSS ${runs.at(-1)!.idleRssMiB.toFixed(1)} MiB`,
      );
    } finally {
      await stopGracefully(svc.proc, 10_000);
    }
  }
  return {
    runs,
    medianStartupMs: median(runs.map((r) => r.startupMs)),
    medianIdleRssMiB: median(runs.map((r) => r.idleRssMiB)),
  };
}

function countInbox(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM inbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function measureIngest(
  name: string,
  svc: Service,
  wrk: Omit<WrkOptions, 'url'> & { path: string },
  countStored: boolean,
): Promise<IngestFigures> {
  try {
    log(`${name} B1: wrk ${wrk.seconds} s …`);
    const run = await runWrk({ ...wrk, url: `${svc.baseUrl}${wrk.path}` });
    const rssAfterMiB = rssMiB(svc.pid);
    const shutdown = await stopGracefully(svc.proc, SHUTDOWN_GRACE_MS);
    const stored = countStored ? countInbox(join(svc.dir, 'watchkeeper.db')) : undefined;
    log(
      `${name} B1: ${run.ok} 2xx in ${(run.duration_us / 1e6).toFixed(1)} s = ${run.okPerSec.toFixed(0)}/s, ` +
        `p99 ${(run.p99_us / 1000).toFixed(2)} ms${stored === undefined ? '' : `, stored ${stored}`}`,
    );
    return { wrk: run, rssAfterMiB, shutdown, ...(stored === undefined ? {} : { stored }) };
  } finally {
    await stopGracefully(svc.proc, 5_000);
  }
}

async function profileIngest(
  wrkBinary: string,
): Promise<{ dir: string; file: string; window: object; okPerSec: number; top: SelfTime[] }> {
  const dir = tempDir('profile', true);
  const svc = await startWatchkeeper({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const shape = { binary: wrkBinary, ...WRK_SHAPE, seconds: PROFILE_SECONDS, payload: 'webhook' as const };
  const run = await measureIngest(
    'watchkeeper --cpu-prof',
    svc,
    { ...shape, path: '/hooks/alertmanager' },
    false,
  );
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile written in ${dir}`);
  const window = { fromUs: run.wrk.monoStartUs, toUs: run.wrk.monoEndUs };
  const top = topSelfTime(join(dir, file), 10, REPO_ROOT, window);
  return { dir, file: join(dir, file), window, okPerSec: run.wrk.okPerSec, top };
}

async function main(): Promise<void> {
  const wrkBinary = findBinary('wrk');
  const amBinary = findBinary('prometheus-alertmanager', 'alertmanager');
  const skipped: string[] = [];
  if (wrkBinary === undefined) skipped.push('B1 (both sides): wrk not found on PATH (apt-get install wrk)');
  if (amBinary === undefined)
    skipped.push(
      'Alertmanager peer: prometheus-alertmanager not found (apt-get install prometheus-alertmanager)',
    );
  for (const s of skipped) log(`SKIP ${s}`);

  const runtime = runtimeUnderTest();
  const figures: { startup: Figures['startup']; b1: Figures['b1'] } = { startup: {}, b1: {} };
  figures.startup.watchkeeper = await measureStartup('watchkeeper', () => startWatchkeeper());
  if (amBinary !== undefined)
    figures.startup.alertmanager = await measureStartup('alertmanager', () => startAlertmanager(amBinary));

  const commands: string[] = [];
  if (wrkBinary !== undefined) {
    const shape = { binary: wrkBinary, ...WRK_SHAPE, seconds: WRK_SECONDS };
    const wk = await measureIngest(
      'watchkeeper',
      await startWatchkeeper(),
      { ...shape, payload: 'webhook', path: '/hooks/alertmanager' },
      true,
    );
    figures.b1.watchkeeper = wk;
    commands.push(wk.wrk.command);
    if (amBinary !== undefined) {
      const am = await measureIngest(
        'alertmanager',
        await startAlertmanager(amBinary),
        { ...shape, payload: 'am-api', path: '/api/v2/alerts' },
        false,
      );
      figures.b1.alertmanager = am;
      commands.push(am.wrk.command);
    }
  }

  log(`B2 alert storm: ${B2.alerts} alerts over ${B2.seconds} s across ${B2.groups} groups …`);
  const b2 = await benchStorm(B2);
  log(
    `B2: ${b2.sender.ok} 2xx, inbox ${b2.inboxRows}, settled ${b2.settled} after ${b2.settleMs.toFixed(0)} ms`,
  );
  log(`B3 command path: ${B3.rate} signed slash commands/s for ${B3.seconds} s …`);
  const b3 = await benchCommands(B3);
  log(`B3: ack p99 ${b3.sender.latencyMs.p99.toFixed(2)} ms, prompt p50 ${String(b3.promptP50Ms)} ms`);

  log(`B4 similar-incident search over ${B4_ENTRIES} incidents …`);
  const b4 = benchSimilar(B4_ENTRIES, B4_QUERIES);
  log(`B5 audit ledger: ${B5_APPENDS} appends …`);
  const b5 = benchLedger(B5_APPENDS);
  const inProcess: InProcessFigures = { b4, b5 };

  const rows = buildRows(figures, STARTUP_RUNS);
  const table = formatTable(rows);
  process.stdout.write(`\n${table}\n`);
  process.stdout.write(
    `\n${formatTable([
      {
        figure: `B4 Memory.similar over ${b4.entries} incidents, p95 ms (p50)`,
        watchkeeper: `${b4.p95Ms.toFixed(2)} (${b4.p50Ms.toFixed(2)})`,
        alertmanager: '—',
        ratio: '—',
        target: `≤ 10 ms — ${b4.p95Ms <= 10 ? 'met' : 'NOT MET'}`,
      },
      ...b5.sealed.map((x) => ({
        figure: `B5 ledger append, entries/s (transactions of ${x.batch}, one signature each, as the intake writes)`,
        watchkeeper: x.appendPerSec.toFixed(0),
        alertmanager: '—',
        ratio: '—',
        target: `≥ 20,000 — ${x.appendPerSec >= 20_000 ? 'met' : 'NOT MET'}`,
      })),
      {
        figure: 'B5 ledger append, entries/s (autocommit, every entry signed)',
        watchkeeper: b5.appendPerSec.toFixed(0),
        alertmanager: '—',
        ratio: '—',
        target: '',
      },
      {
        figure: 'B5 ledger append, entries/s (one transaction, every entry signed)',
        watchkeeper: b5.appendInTransactionPerSec.toFixed(0),
        alertmanager: '—',
        ratio: '—',
        target: '',
      },
      ...b5.sealed.map((x) => ({
        figure: `B5 ledger verify, entries/s (ledger sealed in batches of ${x.batch})`,
        watchkeeper: x.verifyPerSec.toFixed(0),
        alertmanager: '—',
        ratio: '—',
        target: `≥ 200,000 — ${x.verifyPerSec >= 200_000 ? 'met' : 'NOT MET'}`,
      })),
      {
        figure: 'B5 ledger verify, entries/s (every entry signed)',
        watchkeeper: b5.verifyPerSec.toFixed(0),
        alertmanager: '—',
        ratio: '—',
        target: '',
      },
    ])}\n`,
  );
  const appRows = buildAppRows(b2, b3);
  process.stdout.write(`\n${formatTable(appRows)}\n`);
  for (const s of skipped) process.stdout.write(`skipped: ${s}\n`);

  const prof = profile && wrkBinary !== undefined ? await profileIngest(wrkBinary) : undefined;
  if (prof !== undefined)
    process.stdout.write(
      `\ntop self time while wrk ran (${prof.okPerSec.toFixed(0)} 2xx/s under --cpu-prof), ${prof.file}:\n` +
        `${formatSelfTime(prof.top)}\n`,
    );

  const cpu = cpus();
  const results = {
    timestamp: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform,
      release: release(),
      totalMemMiB: Math.round(totalmem() / 2 ** 20),
    },
    runtime,
    options: { smoke, startupRuns: STARTUP_RUNS, idleMs: IDLE_MS, wrkSeconds: WRK_SECONDS, ...WRK_SHAPE },
    binaries: { wrk: wrkBinary ?? null, alertmanager: amBinary ?? null },
    wrkCommands: commands,
    figures,
    inProcess,
    b2,
    b3,
    table: [...rows, ...appRows],
    skipped,
    sections: {
      B1:
        wrkBinary === undefined
          ? { status: 'skipped', reason: 'wrk not found on PATH (apt-get install wrk)' }
          : amBinary === undefined
            ? { status: 'partial', reason: 'Alertmanager peer skipped: prometheus-alertmanager not found' }
            : { status: 'measured' },
      B2: { status: 'measured' },
      B3: { status: 'measured' },
      B4: { status: 'measured' },
      B5: { status: 'measured' },
      B6:
        amBinary === undefined
          ? { status: 'partial', reason: 'Alertmanager peer skipped: prometheus-alertmanager not found' }
          : { status: 'measured' },
    },
    ...(prof === undefined ? {} : { profile: prof }),
  };
  const outDir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${join(outDir, 'latest.json')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
