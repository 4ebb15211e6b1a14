import { existsSync } from 'node:fs';
import { WatchkeeperError } from '../core/index.js';
import { constitutionFileSchema, type ConstitutionFile } from './constitution-schema.js';
import { readPolicyYaml } from './read-policy-yaml.js';
import { formatPolicyError } from './yaml-source.js';

export const CONSTITUTION_FILE = 'constitution.yaml';

/**
 * Reads and validates `constitution.yaml`. Start-up refuses an invalid file
 * with `file:line: reason` for every error, like the policy loader (fail closed).
 */
export function loadConstitution(file: string): ConstitutionFile {
  // Without a file only the built-in invariants hold (shadow never acts, irreversible steps need a
  // rollback plan or an acknowledgement); any skill may lease its tools' scopes.
  if (!existsSync(file)) return constitutionFileSchema.parse({ version: 1, scopes: { '*': ['*'] } });
  const read = readPolicyYaml(file, constitutionFileSchema);
  if (read.ok) return read.data;
  const errors = read.errors.map(formatPolicyError);
  throw new WatchkeeperError('POLICY_INVALID', `invalid constitution:\n${errors.join('\n')}`, {
    errors: read.errors,
  });
}
