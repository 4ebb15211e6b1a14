// Decides whether `dist/` (written by `npm run build`, which `npm install` runs through `prepare`) can be
// run instead of the TypeScript sources: only when it was built after every source file last changed.
// Compiled JavaScript starts about twice as fast and with a third less memory than transpiling ~600
// modules through tsx at each start; a stale build must never run, so any newer source means sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE_DIRS = ['src', 'adapters', 'skills'];
export const BUILD_STAMP = join('dist', '.built');

/** Newest modification time (ms) of the files under `dir`, skipping `node_modules`. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** The compiled entry point when `dist/` is up to date with the sources under `root`, else undefined. */
export function freshBuild(root) {
  let builtAt;
  try {
    builtAt = statSync(join(root, BUILD_STAMP)).mtimeMs;
  } catch {
    return undefined; // never built, or the build failed before stamping
  }
  for (const dir of SOURCE_DIRS) if (newestMtime(join(root, dir)) > builtAt) return undefined;
  return join(root, 'dist', 'src', 'main.js');
}
