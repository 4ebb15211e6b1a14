import { z } from 'zod';

/**
 * Alertmanager webhook payload, version "4". Only what Watchkeeper reads is required; unknown and newer
 * fields (`notification_reason` from v0.32, `routeLabels` from v0.34, `truncatedAlerts`) pass through.
 * @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */
const stringMap = z.record(z.string(), z.string());
const rfc3339 = z.iso.datetime({ offset: true });

export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.optional(),
  startsAt: rfc3339,
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

export const alertmanagerWebhookSchema = z.looseObject({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(alertmanagerAlertSchema),
  groupKey: z.string().optional(),
  receiver: z.string().optional(),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  groupLabels: stringMap.optional(),
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
});
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
