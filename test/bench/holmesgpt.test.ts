import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runHolmesEval } from '../../bench/eval/holmesgpt.js';
import { findRecording, loadRecordings } from '../../bench/eval/holmesgpt-recordings.js';
import { statesFact } from '../../bench/eval/holmesgpt-score.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'shared', 'eval-data', 'holmesgpt-investigate');

/** The operations investigation replayed over the HolmesGPT cases (issue 7). */
describe('bench: holmesgpt investigation replay (`node --import tsx bench/eval/holmesgpt.ts`)', function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(join(DATA, '01_oom_kill'))) {
      if (process.env['CI'] !== undefined) throw new Error(`${DATA} is missing in CI`);
      console.log(`      skipped: ${DATA} is absent (the shared eval data sits beside the checkout)`);
      this.skip();
    }
  });

  it('serves diagnostics only from recordings that match the call', () => {
    const recordings = loadRecordings(join(DATA, '01_oom_kill'));
    expect(recordings.map((r) => r.tool)).to.include('kubectl_describe');
    const pod = { kind: 'pod', name: 'analytics-exporter-fast-76897854c-cw5wh', namespace: 'default' };
    expect(findRecording(recordings, 'kubectl_describe', pod)?.output).to.match(/^stdout:/m);
    expect(findRecording(recordings, 'kubectl_describe', { ...pod, name: 'other' })).to.equal(undefined);
  });

  it('scores facts strictly: quoted terms must appear', () => {
    expect(statesFact('Reason: OOMKilled for pod x', 'Pod is OOM killed')).to.equal(true);
    expect(statesFact('Reason: CrashLoopBackOff', 'The SSL certificate expired')).to.equal(false);
    expect(
      statesFact(
        'pod `logging-agent` in CrashLoopBackOff',
        'Pod logging-agent is experiencing a CrashLoopBackOff',
      ),
    ).to.equal(true);
    expect(
      statesFact('image pull failed', 'The pod fails in pulling the Docker image `yourcompany/crw:latest`'),
    ).to.equal(false);
  });

  it('replays the 17 alerts: recall and precision measured, and no unrequested restart/rollback/scale', async () => {
    const report = await runHolmesEval(DATA);
    expect(report.cases).to.equal(17);
    expect(report.unrequestedActions, 'the gate: never a write the labels did not ask for').to.equal(0);
    for (const c of report.perCase) expect(c.calls, c.id).to.be.greaterThan(0);
    // Floors at the measured values (0.385 recall, 0.657 precision when written), so a regression fails.
    expect(report.factRecall).to.be.at.least(0.38);
    expect(report.toolPrecision).to.be.at.least(0.65);
    expect(report.factRecall, 'the investigation adds facts the alert text lacks').to.be.greaterThan(
      report.baselineFactRecall,
    );
  });
});
