import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchkeeperError } from '../../../src/core/index.js';
import { runCli, type CliContext } from '../../../src/cli/index.js';
import type { ReplayCli } from '../../../src/cli/replay-command.js';

/** Argument handling of `watchkeeper replay`; the replay itself is covered by replay-dataset.test.ts. */
describe('watchkeeper replay arguments', () => {
  const calls: unknown[] = [];
  const replay: ReplayCli = {
    datasets: () => ['sigma-regression'],
    run: async (dataset, options) => {
      calls.push({ dataset, options });
      return { ok: dataset !== 'regressed.jsonl', lines: [`replayed ${dataset}`] };
    },
  };
  const ctx = () => ({ replay }) as unknown as CliContext;
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('passes dataset, baseline, out dir and limit; exit 0 when ok, 1 on a regression', async () => {
    const a = io();
    const code = await runCli(
      ['replay', 'x.jsonl', '--baseline', 'old.json', '--out', '/tmp/r', '--limit', '20'],
      ctx,
      a.io,
    );
    expect(code).to.equal(0);
    expect(calls.pop()).to.deep.equal({
      dataset: 'x.jsonl',
      options: { baseline: 'old.json', outDir: '/tmp/r', limit: 20 },
    });
    expect(a.out).to.deep.equal(['replayed x.jsonl']);
    const b = io();
    expect(await runCli(['replay', 'regressed.jsonl'], ctx, b.io)).to.equal(1);
    expect(b.err).to.deep.equal(['replayed regressed.jsonl']);
    calls.length = 0;
  });

  it('exits 2 with usage for a missing dataset, a bad limit or a stray argument', async () => {
    const a = io();
    expect(await runCli(['replay'], ctx, a.io)).to.equal(2);
    expect(a.err.join('\n')).to.contain('named datasets: sigma-regression');
    expect(await runCli(['replay', 'x.jsonl', '--limit', '0'], ctx, io().io)).to.equal(2);
    expect(await runCli(['replay', 'x.jsonl', '--baseline'], ctx, io().io)).to.equal(2);
    expect(await runCli(['replay', 'a.jsonl', 'b.jsonl'], ctx, io().io)).to.equal(2);
    expect(calls).to.deep.equal([]);
  });

  it('replay all: every named dataset in turn, a missing one skipped with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-replay-all-'));
    writeFileSync(join(dir, 'replay-a.json'), '{}');
    const seen: unknown[] = [];
    const many: ReplayCli = {
      datasets: () => ['a', 'b', 'c'],
      run: async (dataset, options) => {
        seen.push({ dataset, options });
        if (dataset === 'b') throw new WatchkeeperError('NOT_FOUND', 'no b under /eval');
        return { ok: dataset !== 'c', lines: [`replayed ${dataset}`] };
      },
    };
    const a = io();
    try {
      const code = await runCli(
        ['replay', 'all', '--limit', '5', '--baseline', dir],
        () => ({ replay: many }) as unknown as CliContext,
        a.io,
      );
      // c regressed: the whole run fails, after every dataset ran.
      expect(code).to.equal(1);
      expect(seen).to.deep.equal([
        { dataset: 'a', options: { limit: 5, baseline: join(dir, 'replay-a.json') } },
        { dataset: 'b', options: { limit: 5 } },
        { dataset: 'c', options: { limit: 5 } },
      ]);
      expect(a.out).to.include('skipped b: no b under /eval');
      expect(a.out.slice(-3)).to.deep.equal(['ok      a', 'skipped b: no b under /eval', 'FAILED  c']);
      expect(a.err).to.deep.equal(['replayed c']);
      const b = io();
      expect(
        await runCli(
          ['replay', '--all', '--baseline', join(dir, 'replay-a.json')],
          () => ({ replay: many }) as unknown as CliContext,
          b.io,
        ),
      ).to.equal(2);
      expect(b.err.join('\n')).to.contain('names a directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
