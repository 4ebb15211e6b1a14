// `npm run build`: compiles to dist/ with tsc, copies the console's static files, and stamps the build
// with the time it STARTED, so a source edited while tsc ran counts as newer than the build
// (bin/compiled-build.js then runs the sources). A failed compile leaves no stamp.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP } from '../bin/compiled-build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const startedAt = new Date();
rmSync(join(root, BUILD_STAMP), { force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (compiled.status !== 0) {
  console.error('build: tsc failed; dist/ is not stamped, so bin/watchkeeper.js keeps running the sources');
  process.exit(compiled.status ?? 1);
}
cpSync(join(root, 'adapters/chat/console/web'), join(root, 'dist/adapters/chat/console/web'), {
  recursive: true,
});
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, BUILD_STAMP), `${startedAt.toISOString()}\n`);
utimesSync(join(root, BUILD_STAMP), startedAt, startedAt);
