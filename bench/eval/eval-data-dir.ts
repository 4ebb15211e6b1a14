import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `../shared/eval-data` beside the repository (see its README and NOTICE files); read in place, never copied. */
export const EVAL_DATA_DIR = join(process.cwd(), '..', 'shared', 'eval-data');

export function evalDataPath(...parts: string[]): string | undefined {
  const p = join(EVAL_DATA_DIR, ...parts);
  return existsSync(p) ? p : undefined;
}
