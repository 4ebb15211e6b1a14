import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT, runBenchScript } from './run-bench-script.js';

const LATEST = join(ROOT, 'bench', 'results', 'latest.json');

/** Keeps `npm run bench` working: runs the smoke version and checks its JSON. No performance asserts. */
describe('bench: smoke run (`node --import tsx bench/run.ts --smoke`)', function () {
  this.timeout(180_000);

  it('exits 0 and writes latest.json with sections B1..B6 (skipped ones with a reason)', async () => {
    const started = Date.now();
    const { code, output } = await runBenchScript(['bench/run.ts', '--smoke'], 170_000);
    expect(code, output).to.equal(0);
    expect(statSync(LATEST).mtimeMs, 'latest.json written by this run').to.be.greaterThan(started - 1000);
    const results = JSON.parse(readFileSync(LATEST, 'utf8')) as {
      options: { smoke: boolean };
      sections: Record<string, { status: string; reason?: string }>;
    };
    expect(results.options.smoke).to.equal(true);
    for (const id of ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']) {
      const section = results.sections[id];
      expect(section, id).to.not.equal(undefined);
      expect(['measured', 'partial', 'skipped']).to.include(section!.status);
      if (section!.status !== 'measured') expect(section!.reason ?? '', `${id} reason`).to.match(/\S/);
    }
  });
});
