import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The gitbugs reader lives with the replay loaders (src/replay/loaders/gitbugs-data.ts); re-exported here. */
export { GITBUGS_SETS, loadGitbugs, parseCreated } from '../../src/replay/loaders/gitbugs-data.js';
export type { BugReport, DuplicatePair, GitbugsSet } from '../../src/replay/loaders/gitbugs-data.js';

export function gitbugsDir(root: string): string | undefined {
  const dir = join(root, '..', 'shared', 'eval-data', 'gitbugs');
  return existsSync(join(dir, 'hadoop_bugs.csv')) ? dir : undefined;
}
