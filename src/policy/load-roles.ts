import { rolesFileSchema } from './policy-schema.js';
import { readPolicyYaml } from './read-policy-yaml.js';
import type { RolesConfig } from './loaded-policies.js';
import type { PolicyFileError } from './yaml-source.js';

/** Reads roles.yaml: who holds which role, and the allow/deny lists for principals and servers. */
export function loadRoles(file: string): { roles?: RolesConfig; errors: readonly PolicyFileError[] } {
  const read = readPolicyYaml(file, rolesFileSchema);
  if (!read.ok) return { errors: read.errors };
  const roles: Record<string, readonly string[]> = {};
  for (const [name, role] of Object.entries(read.data.roles)) roles[name] = role.members;
  return {
    roles: {
      file,
      roles,
      allowPrincipals: read.data.allow?.principals ?? [],
      allowServers: read.data.allow?.servers ?? [],
      denyPrincipals: read.data.deny?.principals ?? [],
    },
    errors: [],
  };
}
