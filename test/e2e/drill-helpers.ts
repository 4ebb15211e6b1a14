import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { WatchkeeperError, systemClock } from '../../src/core/index.js';
import { createDrillTarget } from '../../src/compose/drill-target.js';
import { runDrill, type Drill } from '../../src/drills/index.js';

/** Runs a drill the way `watchkeeper drill` does, on the repository's policies and sandbox seed. */
export async function runDrillForTest(drill: Drill, policiesDir?: string) {
  const config = loadConfig({ LOG_LEVEL: 'silent' }, process.cwd());
  return runDrill(drill, {
    factory: (o) => createDrillTarget(config, o),
    clock: systemClock,
    ...(policiesDir === undefined ? {} : { policiesDir }),
  });
}

/** A copy of policies/ with `rule` inserted first in default.policy.yaml; returns the dir and a cleanup. */
export function policiesWithRule(rule: string): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'wk-drill-policy-'));
  const dir = join(root, 'policies');
  cpSync(join(process.cwd(), 'policies'), dir, { recursive: true });
  const file = join(dir, 'default.policy.yaml');
  const text = readFileSync(file, 'utf8');
  if (!/^rules:\n/m.test(text)) throw new Error('default.policy.yaml has no rules: section');
  writeFileSync(file, text.replace(/^rules:\n/m, `rules:\n${rule}`));
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** What the drill's target held just before it was closed, read independently of the drill's checks. */
export interface ObservedFacts {
  incidents: {
    id: string;
    service: string | undefined;
    skill: string | null;
    signals: string[];
    messages: number;
  }[];
  steps: { incident: string; tool: string; state: string; input: unknown }[];
}

/**
 * Runs a drill like {@link runDrillForTest} but records the target's final state, so a test can check
 * the verdict against the facts. `hideSources` makes the target behave like a build without those hooks.
 */
export async function runDrillObserved(drill: Drill, options: { hideSources?: string[] } = {}) {
  const config = loadConfig({ LOG_LEVEL: 'silent' }, process.cwd());
  const facts: ObservedFacts = { incidents: [], steps: [] };
  const result = await runDrill(drill, {
    clock: systemClock,
    factory: async (o) => {
      const target = await createDrillTarget(config, o);
      return {
        ...target,
        ingest(source: string, body: unknown) {
          if (options.hideSources?.includes(source))
            throw new WatchkeeperError('NOT_FOUND', `no signal source "${source}"`);
          return target.ingest(source, body);
        },
        async close() {
          for (const i of target.incidents()) {
            facts.incidents.push({
              id: i.id,
              service: i.labels['service'],
              skill: i.skill,
              signals: target.signals(i.id).map((s) => s.labels['service'] ?? s.fingerprint),
              messages: target.incidentMessages(i.id),
            });
            for (const r of target.runs(i.id))
              for (const s of r.steps)
                facts.steps.push({ incident: i.id, tool: s.tool, state: s.state, input: s.input });
          }
          await target.close();
        },
      };
    },
  });
  return { result, facts };
}
