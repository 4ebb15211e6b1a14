#!/usr/bin/env node
// Runs the compiled build when it is up to date with the sources (see compiled-build.js), otherwise
// the TypeScript sources through tsx, so there is no build step to forget.
// WATCHKEEPER_FROM_SOURCE=1 always runs the sources.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBuild } from './compiled-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = process.env.WATCHKEEPER_FROM_SOURCE === '1' ? undefined : freshBuild(root);
if (compiled !== undefined) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
