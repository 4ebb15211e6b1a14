import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_STAMP, freshBuild } from '../../../bin/compiled-build.js';

/** `bin/watchkeeper.js` runs dist/ only when it was built after every source changed. */
describe('compiled build freshness', () => {
  let root: string;
  const at = (path: string, seconds: number) => {
    const t = new Date(Date.UTC(2026, 10, 26, 0, 0, seconds));
    utimesSync(join(root, path), t, t);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wk-build-'));
    for (const dir of ['src/core', 'adapters', 'skills/ops', 'dist/src'])
      mkdirSync(join(root, dir), { recursive: true });
    for (const file of ['src/main.ts', 'src/core/x.ts', 'adapters/a.ts', 'skills/ops/s.ts']) {
      writeFileSync(join(root, file), '');
      at(file, 10);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the sources when there is no stamped build', () => {
    expect(freshBuild(root)).to.equal(undefined);
  });

  it('runs dist when the build started after the newest source change', () => {
    writeFileSync(join(root, BUILD_STAMP), '');
    at(BUILD_STAMP, 20);
    expect(freshBuild(root)).to.equal(join(root, 'dist', 'src', 'main.js'));
  });

  it('runs the sources again as soon as any source, however deep, is newer than the build', () => {
    writeFileSync(join(root, BUILD_STAMP), '');
    at(BUILD_STAMP, 20);
    at('skills/ops/s.ts', 30);
    expect(freshBuild(root)).to.equal(undefined);
  });
});
