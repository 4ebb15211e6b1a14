import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { WatchkeeperError, type VersionRouting } from '../core/index.js';

const plannerMode = z.enum(['playbook', 'llm', 'auto']);

/** One agent version: the bundle of what decides how an incident is handled. */
const bundleSchema = z.strictObject({
  description: z.string().optional(),
  /** Planner per domain (as `WATCHKEEPER_PLANNERS`); absent: the installation's setting. */
  planners: z.record(z.string(), plannerMode).optional(),
  /** Playbook ids this version may use; absent: all of them. */
  playbooks: z.array(z.string().min(1)).optional(),
  /** A label for the prompt set, recorded with every assignment. */
  prompts: z.string().optional(),
  /** The policy version this bundle was validated against, recorded with every assignment. */
  policy: z.string().optional(),
});
export type AgentVersionBundle = z.output<typeof bundleSchema>;

const fileSchema = z
  .strictObject({
    stable: z.string().min(1),
    canary: z.string().min(1).optional(),
    canaryShare: z.number().min(0).max(1).default(0),
    versions: z.record(z.string().regex(/^[\w.-]+$/), bundleSchema),
  })
  .superRefine((f, ctx) => {
    for (const key of ['stable', 'canary'] as const) {
      const name = f[key];
      if (name !== undefined && f.versions[name] === undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `no version named ${name} under versions` });
    }
    if (f.canary !== undefined && f.canary === f.stable)
      ctx.addIssue({ code: 'custom', path: ['canary'], message: 'the canary must differ from stable' });
  });

export interface AgentVersions {
  readonly versions: Readonly<Record<string, AgentVersionBundle>>;
  /** The routing the file sets (a promote/rollback stored in the database overrides it). */
  readonly routing: VersionRouting;
}

/**
 * Reads `versions.yaml`; undefined when the file does not exist (one implicit version, no canary).
 * Throws CONFIG_INVALID naming the bad fields.
 */
export function loadAgentVersions(file: string): AgentVersions | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new WatchkeeperError('CONFIG_INVALID', `${file}: not valid YAML`, undefined, { cause: err });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new WatchkeeperError('CONFIG_INVALID', `${file}: ${issues.join('; ')}`);
  }
  const f = parsed.data;
  return {
    versions: f.versions,
    routing: {
      stable: f.stable,
      ...(f.canary === undefined ? {} : { canary: f.canary }),
      canaryShare: f.canary === undefined ? 0 : f.canaryShare,
    },
  };
}
