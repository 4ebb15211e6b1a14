import { attackIdsOfTags, mergeAttackIds } from './attack-tags.js';
import type { AttackIds } from './attack-tags.js';
import { domainOf, indexFields, ipOf, pick, pickHash } from './event-fields.js';
import { falcoPriorityLevel, levelToSeverity, sigmaLevelNumber } from './security-levels.js';
import type { FalcoEvent, GenericSecurityEvent, SigmaMatch, WazuhAlert } from './security-schemas.js';
import type { SecurityFormat } from './security-labels.js';
import type { Severity } from '../../../src/core/index.js';

/** One event in the common shape, before it becomes a signal draft. */
export interface NormalisedSecurityEvent {
  readonly format: SecurityFormat;
  /** Wazuh-like 0–15; undefined when a generic event gives neither level nor severity. */
  readonly level: number | undefined;
  readonly severity: Severity;
  readonly labels: Record<string, string>;
  /** Untrusted free text (rule description, log line, command line), kept raw. */
  readonly annotations: Record<string, string>;
  readonly summary: string;
  readonly time: string | undefined;
  readonly fingerprint?: string;
  readonly group?: string;
}

const USER_KEYS = [
  'srcuser',
  'dstuser',
  'user',
  'username',
  'targetusername',
  'subjectusername',
  'user/name',
  'usrname',
];
const SRC_IP_KEYS = [
  'srcip',
  'src_ip',
  'sourceip',
  'source/ip',
  'ipaddress',
  'clientip',
  'client_ip',
  'fd.cip',
  'remote_ip',
];
const DST_IP_KEYS = ['dstip', 'dst_ip', 'destinationip', 'destination/ip', 'fd.sip', 'fd.rip'];
const DOMAIN_KEYS = ['queryname', 'destinationhostname', 'domain', 'url', 'fd.sip.name', 'targetdomain'];
const HASH_KEYS = ['hashes', 'hash', 'sha256', 'file_hash', 'md5', 'sha1'];
const PROCESS_KEYS = [
  'image',
  'newprocessname',
  'processname',
  'proc.exepath',
  'proc.name',
  'process/executable',
  'process',
];
const COMMAND_KEYS = ['commandline', 'proc.cmdline', 'process/commandline', 'command'];
const HOST_KEYS = ['computer', 'hostname', 'host/name', 'host', 'workstationname'];

function common(fields: Map<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (k: string, v: string | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('user', pick(fields, USER_KEYS));
  set('src_ip', ipOf(pick(fields, SRC_IP_KEYS)));
  set('dst_ip', ipOf(pick(fields, DST_IP_KEYS)));
  set('domain', domainOf(pick(fields, DOMAIN_KEYS)));
  set('file_hash', pickHash(pick(fields, HASH_KEYS)));
  set('process', pick(fields, PROCESS_KEYS));
  return out;
}

/** Sysmon configs tag events with `RuleName: technique_id=T1202,technique_name=…`: ids the event itself carries. */
function eventTechniques(fields: Map<string, string>): AttackIds {
  const ruleName = pick(fields, ['rulename']) ?? '';
  const ids = [...ruleName.matchAll(/technique_id=(T\d{4}(?:\.\d{3})?)/gi)].map((m) => m[1] ?? '');
  return attackIdsOfTags(ids);
}

function attackLabels(ids: AttackIds): Record<string, string> {
  return {
    ...(ids.techniques.length > 0 ? { attack_techniques: ids.techniques.join(',') } : {}),
    ...(ids.tactics.length > 0 ? { attack_tactics: ids.tactics.join(',') } : {}),
  };
}

const clip = (s: string, n = 500): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const defined = (r: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );

const AUTH_FAIL_GROUPS = [
  'authentication_failed',
  'authentication_failures',
  'invalid_login',
  'win_authentication_failed',
];
const ADMIN_EVENT_IDS = new Set(['4728', '4732', '4756']);

export function fromWazuh(a: WazuhAlert): NormalisedSecurityEvent {
  const fields = indexFields({ data: a.data });
  const groups = a.rule.groups ?? [];
  const mitre = a.rule.mitre;
  const ids = mergeAttackIds(
    attackIdsOfTags(mitre?.id ?? []),
    attackIdsOfTags(mitre?.tactic ?? []),
    eventTechniques(fields),
  );
  const level = Math.min(a.rule.level, 15);
  const category = groups.some((g) => g.startsWith('authentication') || g === 'invalid_login')
    ? 'authentication'
    : undefined;
  const outcome = groups.some((g) => AUTH_FAIL_GROUPS.includes(g))
    ? 'failure'
    : groups.includes('authentication_success')
      ? 'success'
      : undefined;
  const text = `${a.rule.description ?? ''} ${a.full_log ?? ''}`;
  const eventId = pick(fields, ['data/win/system/eventid']);
  const membership =
    groups.includes('group_changed') || (eventId !== undefined && ADMIN_EVENT_IDS.has(eventId));
  const adminGrant = membership && /admin|wheel|sudo/i.test(text);
  const host = a.agent?.name ?? pick(indexFields(a), ['predecoder/hostname']);
  const geo = a.GeoLocation;
  const labels = defined({
    format: 'wazuh',
    rule_id: a.rule.id,
    rule_level: String(level),
    rule_name: a.rule.description === undefined ? undefined : clip(a.rule.description, 200),
    rule_groups: groups.length > 0 ? groups.join(',') : undefined,
    host,
    ...common(fields),
    ...attackLabels(ids),
    event_category: category,
    event_outcome: outcome,
    event_action: adminGrant ? 'admin_grant' : undefined,
    country: geo?.country_name,
    geo_lat: geo?.location === undefined ? undefined : String(geo.location.lat),
    geo_lon: geo?.location === undefined ? undefined : String(geo.location.lon),
    decoder: a.decoder?.name,
  });
  return {
    format: 'wazuh',
    level,
    severity: levelToSeverity(level),
    labels,
    annotations: defined({
      description: a.rule.description,
      full_log: a.full_log,
      location: a.location,
      command_line: pick(fields, COMMAND_KEYS),
    }),
    summary: clip(
      `${a.rule.description ?? `Wazuh rule ${a.rule.id}`}${host === undefined ? '' : ` on ${host}`}`,
    ),
    time: a.timestamp,
  };
}

export function fromFalco(e: FalcoEvent): NormalisedSecurityEvent {
  const fields = indexFields(e.output_fields ?? {});
  const level = falcoPriorityLevel(e.priority);
  const tagIds = attackIdsOfTags(e.tags ?? []);
  const host = e.hostname ?? pick(fields, ['k8s.node.name', 'host.name']);
  const labels = defined({
    format: 'falco',
    rule_id: e.rule,
    rule_level: String(level),
    rule_name: clip(e.rule, 200),
    host,
    ...common(fields),
    ...attackLabels(tagIds),
    container_id: pick(fields, ['container.id']),
    k8s_pod: pick(fields, ['k8s.pod.name']),
    k8s_namespace: pick(fields, ['k8s.ns.name']),
    falco_source: e.source,
  });
  if (labels['process'] === undefined) {
    const cmd = pick(fields, ['proc.cmdline']);
    if (cmd !== undefined) labels['process'] = cmd.split(/\s+/)[0] ?? cmd;
  }
  return {
    format: 'falco',
    level,
    severity: levelToSeverity(level),
    labels,
    annotations: defined({
      output: e.output,
      command_line: pick(fields, COMMAND_KEYS),
      file: pick(fields, ['fd.name']),
      priority: e.priority,
    }),
    summary: clip(`${e.rule}${host === undefined ? '' : ` on ${host}`}`),
    time: e.time,
    ...(e.uuid === undefined ? {} : { fingerprint: `falco:${e.uuid}` }),
  };
}

export function fromSigma(m: SigmaMatch): NormalisedSecurityEvent {
  const fields = indexFields(m.event);
  const level = sigmaLevelNumber(m.rule.level);
  const ids = mergeAttackIds(attackIdsOfTags(m.rule.tags ?? []), eventTechniques(fields));
  const host = pick(fields, HOST_KEYS);
  const labels = defined({
    format: 'sigma',
    rule_id: m.rule.id,
    rule_level: String(level),
    rule_name: clip(m.rule.title, 200),
    sigma_level: m.rule.level,
    host,
    ...common(fields),
    ...attackLabels(ids),
    event_id: pick(fields, ['event/system/eventid', 'eventid']),
  });
  return {
    format: 'sigma',
    level,
    severity: levelToSeverity(level),
    labels,
    annotations: defined({
      description: m.rule.description,
      command_line: pick(fields, COMMAND_KEYS),
      falsepositives: m.rule.falsepositives?.join('; '),
    }),
    summary: clip(`${m.rule.title}${host === undefined ? '' : ` on ${host}`}`),
    time:
      m.timestamp ??
      pick(fields, ['event/system/timecreated/#attributes/systemtime', 'utctime', '@timestamp', 'timestamp']),
  };
}

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [...v];

const SEVERITY_LEVEL: Readonly<Record<Severity, number>> = { info: 3, warning: 6, error: 10, critical: 13 };

export function fromGeneric(g: GenericSecurityEvent): NormalisedSecurityEvent {
  // No level and no severity: the level is unknown, so no `rule_level` label is invented.
  const level = g.level ?? (g.severity === undefined ? undefined : SEVERITY_LEVEL[g.severity]);
  const ids = mergeAttackIds(
    attackIdsOfTags(list(g.attack_techniques)),
    attackIdsOfTags(list(g.attack_tactics)),
  );
  const labels = defined({
    ...(g.labels ?? {}),
    format: 'generic',
    rule_id: g.rule_id,
    rule_level: level === undefined ? undefined : String(level),
    rule_name: clip(g.title, 200),
    host: g.host,
    user: g.user,
    src_ip: ipOf(g.src_ip),
    dst_ip: ipOf(g.dst_ip),
    domain: domainOf(g.domain),
    file_hash: pickHash(g.file_hash),
    process: g.process,
    ...attackLabels(ids),
    event_category: g.event?.category?.toLowerCase(),
    event_outcome: g.event?.outcome,
    event_action: g.event?.action?.toLowerCase(),
    country: g.geo?.country?.toUpperCase(),
    geo_lat: g.geo?.lat === undefined ? undefined : String(g.geo.lat),
    geo_lon: g.geo?.lon === undefined ? undefined : String(g.geo.lon),
  });
  return {
    format: 'generic',
    level,
    severity: g.severity ?? (level === undefined ? 'warning' : levelToSeverity(level)),
    labels,
    annotations: defined({ description: g.description, log: g.log }),
    summary: clip(g.title),
    time: g.timestamp,
    ...(g.fingerprint === undefined ? {} : { fingerprint: g.fingerprint }),
    ...(g.group === undefined ? {} : { group: g.group }),
  };
}

/** Dispatches on the detected format; the input is already validated. */
export function normaliseSecurityEvent(
  format: SecurityFormat,
  event: WazuhAlert | FalcoEvent | SigmaMatch | GenericSecurityEvent,
): NormalisedSecurityEvent {
  switch (format) {
    case 'wazuh':
      return fromWazuh(event as WazuhAlert);
    case 'falco':
      return fromFalco(event as FalcoEvent);
    case 'sigma':
      return fromSigma(event as SigmaMatch);
    case 'generic':
      return fromGeneric(event as GenericSecurityEvent);
  }
}
