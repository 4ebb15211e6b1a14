/**
 * Backup time and size for a database of N incidents (default 100,000), each with one run of three
 * steps and four audit entries, plus the longest pause the backup causes on the event loop and the
 * same backup taken while a writer keeps appending to the ledger.
 *   node --import tsx bench/backup.ts [--incidents 100000]
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, publicKeyPemOf, verifyEntries } from '../src/audit/index.js';
import { stepDigest } from '../src/core/index.js';
import {
  backupDatabase,
  openBackup,
  openSqliteStore,
  restoreDatabase,
  verifyBackup,
} from '../src/store/index.js';

const arg = process.argv.indexOf('--incidents');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const silent = { error() {}, warn() {}, info() {}, debug() {}, child: () => silent };
const dir = mkdtempSync(join(tmpdir(), 'wk-bench-backup-'));
const dbPath = join(dir, 'watchkeeper.db');
const key = generateKeyPairSync('ed25519').privateKey;
let t = Date.parse('2026-01-01T00:00:00Z');
const clock = { now: () => new Date((t += 1000)) };
const store = openSqliteStore({ path: dbPath, clock, logger: silent });
const ledger = createLedger({ repo: store.audit, signingKey: key, clock, redact: (v) => v });
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MiB`;

const fillStarted = performance.now();
for (let done = 0; done < N; done += 1000) {
  store.transaction(() => {
    for (let i = done; i < Math.min(N, done + 1000); i++) {
      const at = clock.now().toISOString();
      const labels = { alertname: 'HighErrorRate', service: `svc-${i % 500}`, severity: 'critical' };
      const incident = store.incidents.create({
        groupKey: `g-${i}`,
        title: `HighErrorRate on svc-${i % 500}`,
        skill: 'operations',
        severity: 'critical',
        labels,
        at,
      });
      ledger.append({
        kind: 'incident',
        actor: 'watchkeeper',
        incidentId: incident.id,
        data: { event: 'opened', labels },
      });
      const steps = ['sandbox.service_status', 'sandbox.recent_deploys', 'sandbox.rollback'].map((tool) => {
        const input = { service: labels.service };
        return {
          tool,
          input,
          rationale: 'bench',
          digest: stepDigest(tool, input, { environment: 'production' }),
        };
      });
      const run = store.runs.create({
        origin: {
          kind: 'signal',
          principal: 'watchkeeper',
          skill: 'operations',
          domain: 'operations',
          incidentId: incident.id,
        },
        plan: {
          goal: 'mitigate',
          planner: 'playbook',
          steps: steps.map(({ tool, input, rationale }) => ({ tool, input, rationale })),
        },
        steps,
        at,
      });
      for (const kind of ['plan', 'decision', 'tool.result'] as const)
        ledger.append({
          kind,
          actor: 'watchkeeper',
          runId: run.id,
          incidentId: incident.id,
          data: { tool: 'sandbox.rollback', ok: true },
        });
    }
  });
}
const fillMs = performance.now() - fillStarted;
store.close();
const live = statSync(dbPath).size;

/** Per step: the wall time and the CPU time of this process between two steps (one copy step + one loop turn). */
function stepMeter() {
  const wall: number[] = [];
  const cpu: number[] = [];
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  return {
    tick() {
      const w = performance.now();
      const c = process.cpuUsage(lastCpu);
      wall.push(w - lastWall);
      cpu.push((c.user + c.system) / 1000);
      lastWall = w;
      lastCpu = process.cpuUsage();
    },
    summary() {
      const q = (xs: number[], p: number): number =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
      return {
        cpuP50: q(cpu, 0.5),
        cpuP99: q(cpu, 0.99),
        cpuMax: q(cpu, 1),
        wallP99: q(wall, 0.99),
        wallMax: q(wall, 1),
      };
    },
  };
}

/**
 * `own`: through the writer's own connection, as scheduled snapshots do (writes are carried into the copy).
 * Otherwise a separate connection, as `watchkeeper backup` in another process does.
 */
async function timedBackup(target: string, writer: 'none' | 'own' | 'separate') {
  const w = writer === 'none' ? undefined : openSqliteStore({ path: dbPath, clock, logger: silent });
  const wl =
    w === undefined ? undefined : createLedger({ repo: w.audit, signingKey: key, clock, redact: (v) => v });
  let writes = 0;
  const meter = stepMeter();
  const started = performance.now();
  const r = await backupDatabase({
    dbPath,
    target,
    publicKeyPem: publicKeyPemOf(key),
    ...(writer === 'own' ? { online: w!.onlineBackup! } : {}),
    onStep: () => {
      meter.tick();
      // One ledger append every 10 steps, between steps, like the bot's work between event-loop turns.
      if (wl !== undefined && ++writes % 10 === 0)
        wl.append({ kind: 'system', actor: 'bench', data: { writes } });
    },
  });
  const ms = performance.now() - started;
  w?.close();
  return { r, ms, steps: meter.summary(), writes: Math.floor(writes / 10) };
}

const fmt = (x: {
  cpuP50: number;
  cpuP99: number;
  cpuMax: number;
  wallP99: number;
  wallMax: number;
}): string =>
  `CPU per step p50 ${x.cpuP50.toFixed(2)} ms, p99 ${x.cpuP99.toFixed(2)} ms, max ${x.cpuMax.toFixed(1)} ms (wall p99 ${x.wallP99.toFixed(1)} ms, max ${x.wallMax.toFixed(1)} ms)`;
const quiet = await timedBackup(join(dir, 'quiet.backup.db'), 'none');
const own = await timedBackup(join(dir, 'own.backup.db'), 'own');
const separate = await timedBackup(join(dir, 'separate.backup.db'), 'separate');
const skipVerify = process.argv.includes('--skip-verify');
let verifyMs = 0;
let verification = { ok: true, count: 0 };
let restoreMs = 0;
if (!skipVerify) {
  const verifyStarted = performance.now();
  const reader = openBackup(quiet.r.file);
  verification = verifyBackup(reader, verifyEntries);
  reader.close();
  verifyMs = performance.now() - verifyStarted;
  const restoreStarted = performance.now();
  restoreDatabase({
    backupFile: quiet.r.file,
    dbPath: join(dir, 'restored', 'watchkeeper.db'),
    verify: (r) => verifyBackup(r, verifyEntries),
  });
  restoreMs = performance.now() - restoreStarted;
}

const lines = [
  `incidents ${N}, audit entries ${quiet.r.auditEntries}, live database ${mb(live)} (filled in ${(fillMs / 1000).toFixed(1)} s)`,
  `backup, idle:                     ${(quiet.ms / 1000).toFixed(2)} s, ${mb(quiet.r.bytes)}, ${quiet.r.steps} steps; ${fmt(quiet.steps)}`,
  `backup, writing, bot's connection: ${(own.ms / 1000).toFixed(2)} s, ${own.r.restarts} restarts, ${own.writes} appends during the copy; ${fmt(own.steps)}`,
  `backup, writing, separate connection (CLI): ${(separate.ms / 1000).toFixed(2)} s, ${separate.r.steps} steps, ${separate.r.restarts} restarts, ${separate.writes} appends`,
  ...(skipVerify
    ? []
    : [
        `verify offline: ${(verifyMs / 1000).toFixed(2)} s (${verification.ok ? 'ok' : 'FAILED'}, ${verification.count} entries)`,
        `restore (verify + copy): ${(restoreMs / 1000).toFixed(2)} s`,
      ]),
];
for (const l of lines) process.stdout.write(`${l}\n`);
rmSync(dir, { recursive: true, force: true });
