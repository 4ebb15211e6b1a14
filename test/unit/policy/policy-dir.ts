import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A roles.yaml most policy tests can share. */
export const ROLES_YAML = `roles:
  sre: { members: ['console:operator', 'console:alice'] }
  oncall: { members: ['console:operator'] }
  security: { members: ['console:sec*'] }
  helpdesk: { members: ['console:helpdesk'] }
  bot: { members: [watchkeeper] }
allow: { principals: ['console:*'], servers: ['*.example.org'] }
deny: { principals: ['console:mallory'] }
`;

/** Writes the given files into a fresh temporary policy folder and returns its path. */
export function writePolicyDir(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wk-policy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
