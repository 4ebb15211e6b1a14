/** The input formats `POST /hooks/security` accepts; stored in the `format` label. */
export const SECURITY_FORMATS = ['wazuh', 'falco', 'sigma', 'generic'] as const;
export type SecurityFormat = (typeof SECURITY_FORMATS)[number];

/**
 * Label names every security signal may carry (absent when the event has no such value). Other modules
 * (triage, intel, access anomalies, containment) rely on these names, so they are a contract:
 * - `rule_level` is a numeric string on Wazuh's 0–15 scale (Falco priorities and Sigma levels mapped).
 * - `attack_techniques` is comma-separated upper-case ATT&CK ids (`T1110,T1110.001`);
 *   `attack_tactics` comma-separated lower-case tactic names (`credential-access,lateral-movement`).
 * - `event_category` (`authentication`, `process`, `file`, `network`, `iam`), `event_outcome`
 *   (`success`/`failure`) and `event_action` (e.g. `admin_grant`) feed the access anomaly detector;
 *   `country`, `geo_lat`, `geo_lon` are the login's location when the event gives one.
 */
export const SECURITY_LABELS = {
  format: 'format',
  ruleId: 'rule_id',
  ruleLevel: 'rule_level',
  ruleName: 'rule_name',
  ruleGroups: 'rule_groups',
  host: 'host',
  user: 'user',
  srcIp: 'src_ip',
  dstIp: 'dst_ip',
  domain: 'domain',
  fileHash: 'file_hash',
  process: 'process',
  attackTechniques: 'attack_techniques',
  attackTactics: 'attack_tactics',
  eventCategory: 'event_category',
  eventOutcome: 'event_outcome',
  eventAction: 'event_action',
  country: 'country',
  geoLat: 'geo_lat',
  geoLon: 'geo_lon',
} as const;
export type SecurityLabel = (typeof SECURITY_LABELS)[keyof typeof SECURITY_LABELS];
