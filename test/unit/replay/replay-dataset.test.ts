import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { createDrillTarget } from '../../../src/compose/drill-target.js';
import { replayDataset, type ReplayReport } from '../../../src/replay/index.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'replay', 'mini.jsonl');

/** The fixture set through the real sources, pipeline and skills of a throwaway shadow-mode app. */
describe('replay of the fixture set through the real pipeline', function () {
  this.timeout(60_000);
  let out: string;
  let first: Awaited<ReturnType<typeof replayDataset>>;
  const config = loadConfig({ LOG_LEVEL: 'silent' }, process.cwd());
  const options = () => ({
    dataset: FIXTURE,
    outDir: out,
    evalDataDir: join(process.cwd(), '..', 'shared', 'eval-data'),
    target: () => createDrillTarget(config, { mode: 'shadow' }),
    now: () => performance.now(),
    generatedAt: () => '2026-11-26T00:00:00.000Z',
    version: 'test',
  });

  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'wk-replay-'));
    first = await replayDataset(options());
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('replays every record in shadow mode: nothing executed, reports written', () => {
    const r = first.report;
    expect(r.records).to.equal(8);
    expect(r.mode).to.equal('shadow');
    expect(r.metrics.safety.unapprovedExecutions).to.equal(0);
    expect(first.ok).to.equal(true);
    expect(existsSync(first.files.json) && existsSync(first.files.markdown)).to.equal(true);
    expect(readFileSync(first.files.markdown, 'utf8')).to.contain('nothing executed, no real system touched');
  });

  it('observes what the bot really did with each record', () => {
    const by = new Map(first.report.outcomes.map((o) => [o.id, o]));
    // A second alert of the same Alertmanager group folds into the first one's incident: rank 1.
    expect(by.get('ops-2')?.incidentId).to.equal(by.get('ops-1')?.incidentId);
    expect(by.get('ops-2')?.duplicateRank).to.equal(1);
    expect(by.get('ops-1')?.skill).to.equal('operations');
    expect(by.get('ops-1')?.destructiveProposed, 'the error-rate playbook proposes a rollback').to.equal(
      true,
    );
    expect(by.get('gen-1')?.skill).to.equal(null);
    expect(first.report.metrics.routing.cases).to.equal(8);
  });

  it('compares with a baseline and fails on a regression', async () => {
    const better: ReplayReport = JSON.parse(readFileSync(first.files.json, 'utf8'));
    const baseline = join(out, 'baseline.json');
    writeFileSync(
      baseline,
      // A synthetic baseline that routed better than anything can: the current run must read as a regression.
      JSON.stringify({
        ...better,
        metrics: {
          ...better.metrics,
          routing: { cases: 8, accuracy: (better.metrics.routing.accuracy ?? 0) + 0.5 },
        },
      }),
    );
    const again = await replayDataset({ ...options(), baseline });
    expect(again.ok).to.equal(false);
    expect(again.deltas?.filter((d) => d.regression).map((d) => d.metric)).to.deep.equal([
      'routing accuracy',
    ]);
    expect(readFileSync(again.files.markdown, 'utf8')).to.contain('**REGRESSION**');
  });
});
