import { z } from 'zod';

/**
 * Grafana unified alerting webhook contact point payload (`version: "1"`): the Alertmanager core plus
 * `orgId`, per-alert `silenceURL`, `dashboardURL`, `panelURL`, `imageURL` and `values`. The deprecated
 * `title`, `state` and `message` pass through unread.
 * @see https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
 */
const stringMap = z.record(z.string(), z.string());

export const grafanaAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap,
  annotations: stringMap.optional(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).optional(),
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()).nullable().optional(),
});
export type GrafanaAlert = z.infer<typeof grafanaAlertSchema>;

export const grafanaWebhookSchema = z.looseObject({
  version: z.literal('1'),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().optional(),
  orgId: z.number().int().optional(),
  alerts: z.array(grafanaAlertSchema),
  groupKey: z.string().optional(),
  groupLabels: stringMap.optional(),
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
});
export type GrafanaWebhook = z.infer<typeof grafanaWebhookSchema>;
