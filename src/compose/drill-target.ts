/**
 * Composition side of the drills (src/drills declares the DrillTarget port): a whole Watchkeeper built
 * by createApp on a temp data dir, with the sandbox as its only world. Lives beside app.ts because it
 * wires across modules; app.ts and main.ts load it lazily.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { createApp } from '../app.js';
import { loadConfig, type AppConfig } from '../config/index.js';
import { systemClock, type ChatEvent } from '../core/index.js';
import type { DrillTarget, DrillTargetOptions } from '../drills/index.js';
import { createMemory } from '../memory/index.js';

/**
 * Settings a drill may inherit: WATCHKEEPER_* tuning only. Chat, model, tool and backup settings are
 * dropped, so no adapter, language model or real tool can start inside a drill.
 */
const NOT_INHERITED =
  /^WATCHKEEPER_(DATA_DIR|DB|POLICIES|HOOK_TOKEN|CONSOLE_TOKEN|SIGNING_KEY|APPROVAL_KEY|BACKUP_.*|RESTORE_.*|DRILLS|VERSIONS)$/;

function inheritedEnv(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.raw))
    if (
      k.startsWith('WATCHKEEPER_') &&
      !NOT_INHERITED.test(k) &&
      ['string', 'number', 'boolean'].includes(typeof v)
    )
      env[k] = String(v);
  return env;
}

/** A copy of `from` with every policy's default autonomy set to shadow (plan and record, never act). */
function shadowPolicies(from: string, into: string): string {
  cpSync(from, into, { recursive: true });
  for (const name of readdirSync(into).filter((n) => n.endsWith('.policy.yaml'))) {
    const doc = parseDocument(readFileSync(join(into, name), 'utf8'));
    const autonomy = doc.getIn(['defaults', 'autonomy']) as
      { items?: { key: { value?: unknown } }[] } | undefined;
    for (const item of autonomy?.items ?? [])
      doc.setIn(['defaults', 'autonomy', String(item.key.value)], 'shadow');
    writeFileSync(join(into, name), doc.toString());
  }
  return into;
}

/** Builds and starts a throwaway app for one drill; `close` stops it and deletes its data dir. */
export async function createDrillTarget(
  config: AppConfig,
  options: DrillTargetOptions,
): Promise<DrillTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'wk-drill-'));
  const policies = options.policiesDir ?? config.policiesDir;
  const policiesDir = options.mode === 'shadow' ? shadowPolicies(policies, join(dir, 'policies')) : policies;
  const drillConfig = loadConfig(
    {
      ...inheritedEnv(config),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WATCHKEEPER_DATA_DIR: dir,
      WATCHKEEPER_POLICIES: policiesDir,
      WATCHKEEPER_SANDBOX_SEED: config.sandboxSeed,
    },
    process.cwd(),
  );
  // Wall time, shifted when a replay sets it to a historical record's time (drills never move it).
  let offsetMs = 0;
  const clock = { now: () => new Date(systemClock.now().getTime() + offsetMs) };
  const app = await createApp(drillConfig, { expiryIntervalMs: 60_000, clock });
  await app.start();
  const memory = createMemory({ repo: app.store.memory, clock, redact: (t) => t });
  let seq = 0;
  const event = (user: string) => ({
    id: `drill-${++seq}`,
    platform: 'console',
    principal: `console:${user}`,
    displayName: user,
    conversation: { platform: 'console', channel: 'ops' },
    receivedAt: new Date().toISOString(),
  });
  return {
    mode: options.mode,
    ingest: (source, body) => app.pipeline.ingest(source, body),
    command: (text, user) => app.gateway.sink({ ...event(user), kind: 'command', text } as ChatEvent),
    vote: (approvalId, decision, user) =>
      app.gateway.sink({ ...event(user), kind: 'approval', approvalId, decision }),
    settle: () => app.pipeline.idle(),
    incidents: () =>
      (['open', 'mitigated', 'resolved'] as const)
        .flatMap((status) => app.store.incidents.list({ status, limit: 1_000_000 }))
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id)),
    signals: (id) => app.store.incidents.signals(id),
    runs: (id) => app.store.runs.listByIncident(id),
    approvals: () => app.store.approvals.list({ limit: 1_000_000 }),
    audit: (id) => app.ledger.forIncident(id),
    auditAfter: (seq, limit) => app.ledger.after(seq, limit),
    incidentMessages: (id) => app.store.messageLinks.find(`incident:${id}`).length,
    verifyAudit: () => app.ledger.verify(),
    // The product's own similar search (as app.ts builds it), so replays rank duplicates as the skills do.
    similar: (text: string, k: number, o?: { title?: string; kind?: string }) => memory.similar(text, k, o),
    ticketId: (source: string, externalId: string) => app.store.tickets.byExternal(source, externalId)?.id,
    travelTo(at: string) {
      offsetMs = Date.parse(at) - systemClock.now().getTime();
    },
    sandboxService: (name) => app.store.sandbox.get<{ version?: string; status?: string }>('service', name),
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
