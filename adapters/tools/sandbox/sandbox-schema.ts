import { z } from 'zod';

/**
 * The shape of the simulated fleet, validated once when the seed is loaded. Each record is stored as one
 * sandbox state document (`kind`, `id`); the kinds are listed in {@link SANDBOX_KINDS}.
 */
export const deploySchema = z.object({
  version: z.string().min(1),
  at: z.string().min(1),
  by: z.string().min(1),
  status: z.enum(['good', 'bad']),
  /** Set on entries written by `sandbox.rollback`; names the version that was rolled back. */
  rollbackOf: z.string().optional(),
});
export type SandboxDeploy = z.infer<typeof deploySchema>;

export const serviceSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1),
    replicas: z.number().int().min(0),
    minReplicas: z.number().int().min(0),
    maxReplicas: z.number().int().min(1),
    status: z.enum(['healthy', 'degraded']),
    /** Oldest first; the last entry is the running deploy. */
    deploys: z.array(deploySchema).min(1),
    dependsOn: z.array(z.string()).default([]),
    logs: z.array(z.string()).default([]),
  })
  .refine((s) => s.minReplicas <= s.maxReplicas, { message: 'minReplicas must not exceed maxReplicas' })
  .refine((s) => s.deploys.at(-1)?.version === s.version, {
    message: 'the last deploy must be the running version',
  });
export type SandboxService = z.infer<typeof serviceSchema>;

export const flagSchema = z.object({
  name: z.string().min(1),
  enabled: z.boolean(),
  service: z.string().min(1),
});
export type SandboxFlag = z.infer<typeof flagSchema>;

export const hostSchema = z.object({
  id: z.string().min(1),
  service: z.string().min(1),
  isolated: z.boolean(),
  tags: z.array(z.string()).default([]),
});
export type SandboxHost = z.infer<typeof hostSchema>;

export const accountSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  disabled: z.boolean(),
  roles: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
});
export type SandboxAccount = z.infer<typeof accountSchema>;

export const firewallRuleSchema = z.object({
  ip: z.string().min(1),
  reason: z.string().default(''),
  at: z.string().min(1),
});
export type SandboxFirewallRule = z.infer<typeof firewallRuleSchema>;

export const ticketCommentSchema = z.object({ by: z.string(), at: z.string(), text: z.string() });
export const ticketSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  status: z.enum(['open', 'closed']),
  service: z.string().optional(),
  comments: z.array(ticketCommentSchema).default([]),
});
export type SandboxTicket = z.infer<typeof ticketSchema>;

/** The committed demo data (`data/sandbox-seed.json`). */
export const sandboxSeedSchema = z.object({
  environment: z.literal('sandbox').default('sandbox'),
  services: z.array(serviceSchema).min(1),
  flags: z.array(flagSchema).default([]),
  hosts: z.array(hostSchema).default([]),
  accounts: z.array(accountSchema).default([]),
  firewall: z.array(firewallRuleSchema).default([]),
  tickets: z.array(ticketSchema).default([]),
});
export type SandboxSeed = z.infer<typeof sandboxSeedSchema>;

/** Document kinds in the sandbox state repository. */
export const SANDBOX_KINDS = {
  meta: 'meta',
  service: 'service',
  flag: 'flag',
  host: 'host',
  account: 'account',
  firewall: 'firewall',
  ticket: 'ticket',
  faults: 'faults',
} as const;

/** The one environment the sandbox acts on; tools put it in every target. */
export const SANDBOX_ENVIRONMENT = 'sandbox';

/** Names and ids in tool inputs; numbers are accepted because chat arguments like `42` arrive as numbers. */
export const sandboxId = z.coerce.string().trim().min(1);
