import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

/**
 * One generic signal, for anything that can POST JSON (cron jobs, scripts, other monitors):
 * - `title` (required): one human line; becomes the signal summary.
 * - `severity`: `info | warning | error | critical` (default `warning`).
 * - `status`: `firing | resolved` (default `firing`).
 * - `kind`: `alert | ticket | security | deploy` (default `alert`).
 * - `labels`, `annotations`: string maps; `labels.service` routes it to the operations skill.
 * - `fingerprint`: identifies the signal across posts (default: sha256 of title + labels, 16 hex).
 * - `group`: signals with the same group fold into one incident (default: the fingerprint).
 * - `startsAt`: RFC 3339 time (default: when it was received).
 * Unknown fields are ignored.
 */
export const genericSignalSchema = z.looseObject({
  title: z.string().trim().min(1).max(500),
  severity: z.enum(['info', 'warning', 'error', 'critical']).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  kind: z.enum(['alert', 'ticket', 'security', 'deploy']).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  fingerprint: z.string().min(1).max(200).optional(),
  group: z.string().min(1).max(200).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
});
export type GenericSignal = z.infer<typeof genericSignalSchema>;

/** A batch: `{ "signals": [ … ] }`, 1 to 1000 signals. */
export const genericBatchSchema = z.looseObject({ signals: z.array(genericSignalSchema).min(1).max(1000) });
export type GenericBatch = z.infer<typeof genericBatchSchema>;
