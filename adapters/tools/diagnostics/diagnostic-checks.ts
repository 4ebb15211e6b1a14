import { z } from 'zod';

const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address');
const base = {
  /** How the check is named in chat and plans: `/wk support diagnose T-3 checkout-health`. */
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, . _ -'),
  description: z.string().max(200).optional(),
  /** Services the check is about: a ticket for one of them runs it. */
  services: z.array(z.string().min(1)).default([]),
  timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
};

/**
 * The allow-list of diagnostics (`SUPPORT_DIAGNOSTICS`, a JSON file `{ "checks": [...] }`). Only these
 * run: a plan or a ticket names a check, never a URL or host of its own, so ticket text cannot point a
 * probe anywhere. Each is read-only.
 */
export const diagnosticCheckSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }),
    method: z.enum(['GET', 'HEAD']).default('GET'),
    /** Expected status; default any 2xx or 3xx. */
    expectStatus: z.number().int().min(100).max(599).optional(),
    /** PEM file of a private CA the service's certificate chains to. */
    caFile: z.string().min(1).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('dns'), host }),
  z.strictObject({
    ...base,
    type: z.literal('tls'),
    host,
    port: z.number().int().min(1).max(65535).default(443),
    /** Fewer days left than this fails the check. */
    warnDays: z.number().int().min(0).max(365).default(14),
    caFile: z.string().min(1).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('port'), host, port: z.number().int().min(1).max(65535) }),
  z.strictObject({ ...base, type: z.literal('service'), service: z.string().min(1) }),
]);
export type DiagnosticCheck = z.infer<typeof diagnosticCheckSchema>;

export const diagnosticsFileSchema = z.strictObject({ checks: z.array(diagnosticCheckSchema).max(200) });

/** What a check found; `detail` is bounded so a chatty endpoint cannot flood a thread. */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly summary: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Longest text kept from a response body or error. */
export const MAX_DETAIL_CHARS = 500;

export function bounded(text: string, max = MAX_DETAIL_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
