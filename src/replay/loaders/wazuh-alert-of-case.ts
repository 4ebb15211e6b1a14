import type { WazuhCase, WazuhRule } from './wazuh-cases.js';

/**
 * What the triage is shown for one Wazuh test case, in three honest settings:
 * - `alert`: the alert Wazuh would send (rule id, level, description, groups, MITRE + the raw log). The
 *   level is there, so "open iff level ≥ 10" is nearly a read-out: a consistency check, not a skill score.
 * - `metadata`: a generic event with the rule's description, groups (and the auth outcome they imply) and
 *   MITRE ids and the raw log, but no level and no rule id. The triage must judge from text, groups, techniques and repetition.
 * - `raw`: a generic event with only the raw log line and the decoder's name.
 * In every setting the fields a decoder extracts (source ip, user, host) come from our own small regexes
 * over the raw line, not from Wazuh.
 */
export type WazuhInputMode = 'alert' | 'metadata' | 'raw';
export const WAZUH_INPUT_MODES: readonly WazuhInputMode[] = ['alert', 'metadata', 'raw'];

export function wazuhAlertOfCase(
  c: WazuhCase,
  rules: ReadonlyMap<string, WazuhRule>,
  log: string,
  mode: WazuhInputMode,
  at = '2026-01-01T00:00:00.000Z',
): Record<string, unknown> {
  const rule = rules.get(c.ruleId);
  const decoded = decode(log);
  if (mode === 'alert') {
    return {
      timestamp: at,
      rule: {
        level: c.level,
        id: c.ruleId,
        description: rule?.description ?? c.name,
        groups: rule?.groups ?? [],
        mitre: { id: rule?.mitre ?? [] },
      },
      agent: { id: '000', name: decoded.host ?? 'wazuh-manager' },
      full_log: log,
      decoder: { name: c.decoder },
      data: {
        ...(decoded.srcip === undefined ? {} : { srcip: decoded.srcip }),
        ...(decoded.user === undefined ? {} : { srcuser: decoded.user }),
      },
    };
  }
  const base = {
    log,
    ...(decoded.host === undefined ? {} : { host: decoded.host }),
    ...(decoded.srcip === undefined ? {} : { src_ip: decoded.srcip }),
    ...(decoded.user === undefined ? {} : { user: decoded.user }),
    timestamp: at,
  };
  if (mode === 'raw')
    return { title: `${c.decoder || 'log'} event`, ...base, labels: { decoder: c.decoder } };
  const groups = rule?.groups ?? [];
  const outcome = groups.some((g) =>
    ['authentication_failed', 'authentication_failures', 'invalid_login'].includes(g),
  )
    ? 'failure'
    : groups.includes('authentication_success')
      ? 'success'
      : undefined;
  return {
    title: rule?.description || `${c.decoder || 'log'} event`,
    ...(outcome === undefined ? {} : { event: { category: 'authentication', outcome } }),
    ...base,
    ...(rule === undefined || rule.mitre.length === 0 ? {} : { attack_techniques: [...rule.mitre] }),
    labels: { decoder: c.decoder, ...(rule === undefined ? {} : { rule_groups: rule.groups.join(',') }) },
  };
}

const SYSLOG = /^[A-Z][a-z]{2}\s+\d+\s+[\d:]+\s+(\S+)\s/;

/** A deliberately small decoder: syslog host, first IPv4, a user after `user`/`for`/`USER=`. */
export function decode(log: string): { host?: string; srcip?: string; user?: string } {
  const host = SYSLOG.exec(log)?.[1];
  const ip = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/.exec(log)?.[1];
  const user =
    /\b(?:invalid user|user|for(?: invalid user)?)\s+([A-Za-z0-9._-]{1,64})\s+from\b/i.exec(log)?.[1] ??
    /\bUSER=([A-Za-z0-9._-]{1,64})/.exec(log)?.[1];
  return {
    ...(host === undefined ? {} : { host }),
    ...(ip === undefined ? {} : { srcip: ip }),
    ...(user === undefined ? {} : { user }),
  };
}
