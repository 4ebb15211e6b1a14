import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { routeVersion } from '../../src/rollout/index.js';
import { alertmanagerPayload, startHarness, type Harness } from './harness.js';

/** Every ledger entry, page by page. */
async function allEntries(h: Harness): Promise<any[]> {
  const out: any[] = [];
  for (;;) {
    const page = (await h.api('GET', `/api/audit?after=${out.at(-1)?.seq ?? 0}&limit=500`)).body.entries;
    out.push(...page);
    if (page.length < 500) return out;
  }
}

function watchkeeper(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/watchkeeper.js', ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// v2 is a bundle without playbooks: its incidents get no plan, so which version handled one is visible.
const VERSIONS = `stable: v1
canary: v2
canaryShare: 0.5
versions:
  v1: { description: current, planners: { operations: playbook }, policy: default@1 }
  v2: { description: candidate, planners: { operations: playbook }, playbooks: [], prompts: plan-v2, policy: default@1 }
`;

describe('e2e: blue/green agent versions with canary routing', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'wk-canary-'));
  writeFileSync(join(dir, 'versions.yaml'), VERSIONS);
  let h: Harness;
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('routes new incidents by their group key, records the version on each, and plans with that bundle', async () => {
    h = await startHarness({ dir });
    for (let i = 0; i < 12; i++)
      await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', `svc-${i}`));
    // A re-fire of a group already seen joins its incident and keeps its version.
    await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('HighErrorRate', 'svc-0'));
    await h.settle();
    const incidents = (await h.api('GET', '/api/incidents')).body.incidents;
    expect(incidents).to.have.length(12);
    const assigned = (await allEntries(h)).filter((e: any) => e.data?.event === 'version.assigned');
    expect(assigned).to.have.length(12);
    const routing = { stable: 'v1', canary: 'v2', canaryShare: 0.5 };
    const roles: Record<string, number> = { stable: 0, canary: 0 };
    for (const incident of incidents) {
      const expected = routeVersion(routing, incident.groupKey);
      const entry = assigned.find((e: any) => e.incidentId === incident.id);
      expect(entry.data).to.include({ version: expected.version, role: expected.role });
      const runs = (await h.api('GET', `/api/incidents/${incident.id}`)).body.runs;
      expect(runs.length > 0, `${incident.id} planned by ${expected.version}`).to.equal(
        expected.version === 'v1',
      );
      roles[expected.role]!++;
    }
    expect(roles['stable']! > 0 && roles['canary']! > 0, JSON.stringify(roles)).to.equal(true);
    const versions = (await h.api('GET', '/api/rollout/versions')).body;
    expect(versions.routing).to.deep.equal(routing);
    expect(versions.versions).to.deep.equal(['v1', 'v2']);
    const byVersion = Object.fromEntries(versions.outcomes.map((o: any) => [o.version, o]));
    expect(byVersion['v1'].incidents).to.equal(roles['stable']);
    expect(byVersion['v2'].incidents).to.equal(roles['canary']);
    expect(byVersion['v2'].stepsSucceeded).to.equal(0);
    await h.close({ keepDir: true });
  });

  it('`watchkeeper version promote` switches stable to the canary, audited; rollback then has nothing to roll back', async () => {
    const env = { WATCHKEEPER_DATA_DIR: dir };
    const show = watchkeeper(['version'], env);
    expect(show.status, show.stderr).to.equal(0);
    expect(show.stdout).to.match(/stable v1, canary v2 at 50%/);
    expect(show.stdout).to.match(/v1: \d+ incidents/);

    const promote = watchkeeper(['version', 'promote'], env);
    expect(promote.status, promote.stderr).to.equal(0);
    expect(promote.stdout).to.match(
      /promote: stable v1, canary v2 at 50% → stable v2, no canary \(audited\)/,
    );
    const rollback = watchkeeper(['version', 'rollback'], env);
    expect(rollback.status).to.equal(1);
    expect(rollback.stderr).to.match(/CONFLICT.*no canary/);
    expect(watchkeeper(['audit', 'verify'], env).status).to.equal(0);

    h = await startHarness({ dir });
    try {
      const switched = (await allEntries(h)).filter((e: any) => e.data?.event === 'version.promote');
      expect(switched).to.have.length(1);
      expect(switched[0].actor).to.match(/^cli:/);
      expect(switched[0].data.after).to.deep.equal({ stable: 'v2', canaryShare: 0 });
      await h.api('POST', '/hooks/alertmanager', alertmanagerPayload('Saturation', 'svc-new'));
      await h.settle();
      const last = (await allEntries(h)).filter((e: any) => e.data?.event === 'version.assigned').at(-1);
      expect(last.data).to.include({ version: 'v2', role: 'stable' });
    } finally {
      await h.close();
    }
  });
});
