import { z } from 'zod';

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a lower-case service name');

/** One service of `data/service-map.yaml`. Unknown keys are errors, so a misspelt field is not ignored. */
export const serviceEntrySchema = z.strictObject({
  owner: z.string().min(1),
  /** 1 = customer-facing and most critical; policies can match on `tier:<n>` tags. */
  tier: z.number().int().min(0).max(5),
  description: z.string().optional(),
  /** What this service calls: the downstream suspects when it fails. */
  dependsOn: z.array(name).default([]),
  runbooks: z.array(z.url()).default([]),
  /** GitHub `owner/name` repositories whose deploys belong to this service. */
  repos: z.array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name')).default([]),
  /** Kubernetes namespace and Prometheus job labels that identify the service in alerts. */
  namespace: z.string().min(1).optional(),
  job: z.string().min(1).optional(),
  /** When this service has an open incident, alerts of the services that depend on it fold into it. */
  foldDependents: z.boolean().default(false),
});
export type ServiceEntry = z.infer<typeof serviceEntrySchema>;

export const serviceMapSchema = z.strictObject({
  version: z.literal(1),
  services: z.record(name, serviceEntrySchema),
});
export type ServiceMapFile = z.infer<typeof serviceMapSchema>;
