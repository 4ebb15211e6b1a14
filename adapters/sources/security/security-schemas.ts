import { z } from 'zod';

/**
 * Schemas of the four accepted shapes. Only what Watchkeeper reads is checked; every other field passes
 * through into `raw`. Text stays as sent (untrusted): escaping happens where it is rendered or prompted.
 */
const text = z.string().max(65_536);
const idLike = z.union([z.string().min(1).max(200), z.number().int()]).transform(String);
const stringList = z.array(z.string().max(500)).max(200);

/** Wazuh alert JSON (alerts.json / integrations): `rule.level` 0–15 is the one thing it must have. */
export const wazuhAlertSchema = z.looseObject({
  timestamp: z.string().optional(),
  id: idLike.optional(),
  rule: z.looseObject({
    level: z.coerce.number().int().min(0).max(16),
    id: idLike,
    description: text.optional(),
    groups: stringList.optional(),
    mitre: z
      .looseObject({
        id: stringList.optional(),
        tactic: stringList.optional(),
        technique: stringList.optional(),
      })
      .optional(),
  }),
  agent: z
    .looseObject({ id: idLike.optional(), name: z.string().optional(), ip: z.string().optional() })
    .optional(),
  manager: z.looseObject({ name: z.string().optional() }).optional(),
  full_log: text.optional(),
  location: z.string().optional(),
  decoder: z.looseObject({ name: z.string().optional() }).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  GeoLocation: z
    .looseObject({
      country_name: z.string().optional(),
      location: z.looseObject({ lat: z.number(), lon: z.number() }).optional(),
    })
    .optional(),
});
export type WazuhAlert = z.infer<typeof wazuhAlertSchema>;

/**
 * Falco JSON output (`json_output: true`, also `http_output` and falcosidekick's webhook, which adds `uuid`).
 * @see https://github.com/falcosecurity/falco/blob/master/userspace/engine/formats.cpp
 */
export const falcoEventSchema = z.looseObject({
  rule: z.string().min(1).max(500),
  priority: z.string().min(1).max(40),
  time: z.string().optional(),
  output: text.optional(),
  source: z.string().optional(),
  hostname: z.string().optional(),
  tags: stringList.optional(),
  uuid: z.string().optional(),
  output_fields: z.record(z.string(), z.unknown()).optional(),
});
export type FalcoEvent = z.infer<typeof falcoEventSchema>;

/** A Sigma-matched event: the event a rule matched plus the rule's title, level and ATT&CK tags. */
export const sigmaMatchSchema = z.looseObject({
  rule: z.looseObject({
    title: z.string().min(1).max(500),
    id: z.string().max(200).optional(),
    level: z.enum(['informational', 'low', 'medium', 'high', 'critical']),
    tags: stringList.optional(),
    description: text.optional(),
    falsepositives: stringList.optional(),
  }),
  event: z.record(z.string(), z.unknown()),
  timestamp: z.string().optional(),
});
export type SigmaMatch = z.infer<typeof sigmaMatchSchema>;

const severityWord = z.enum(['info', 'warning', 'error', 'critical']);

/** Watchkeeper's own flat schema for everything else (documented in this folder's README). */
export const genericSecurityEventSchema = z.looseObject({
  title: z.string().trim().min(1).max(500),
  level: z.number().int().min(0).max(15).optional(),
  severity: severityWord.optional(),
  rule_id: z.string().min(1).max(200).optional(),
  host: z.string().max(255).optional(),
  user: z.string().max(255).optional(),
  src_ip: z.string().max(64).optional(),
  dst_ip: z.string().max(64).optional(),
  domain: z.string().max(255).optional(),
  file_hash: z.string().max(128).optional(),
  process: z.string().max(1024).optional(),
  attack_techniques: z.union([stringList, z.string().max(2000)]).optional(),
  attack_tactics: z.union([stringList, z.string().max(2000)]).optional(),
  event: z
    .looseObject({
      category: z.string().max(64).optional(),
      outcome: z.enum(['success', 'failure']).optional(),
      action: z.string().max(128).optional(),
    })
    .optional(),
  geo: z
    .looseObject({
      country: z.string().max(64).optional(),
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
    })
    .optional(),
  description: text.optional(),
  log: text.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  fingerprint: z.string().min(1).max(200).optional(),
  group: z.string().min(1).max(200).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});
export type GenericSecurityEvent = z.infer<typeof genericSecurityEventSchema>;
