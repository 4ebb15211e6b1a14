/**
 * Our own detectors over an event's text (rule description, log line, command line) and rule groups.
 * They let the triage judge events that carry no level of their own (a raw log forwarded through the
 * generic schema) and nudge those that do. Weights are hand-set; positive means "looks like an attack".
 */
export interface LogPatternHit {
  readonly id: string;
  readonly weight: number;
  readonly reason: string;
  readonly technique?: string;
}

interface Detector {
  readonly id: string;
  readonly weight: number;
  readonly reason: string;
  readonly technique?: string;
  readonly text?: RegExp;
  readonly groups?: readonly string[];
  readonly groupPattern?: RegExp;
}

const DETECTORS: readonly Detector[] = [
  {
    id: 'malware',
    weight: 0.4,
    reason: 'malware, rootkit or webshell wording',
    text: /\b(malware|virus|trojan|rootkit|ransom\w*|backdoor|webshell|web shell|mimikatz|cobalt ?strike|meterpreter|infected|eicar|worm)\b/i,
    groups: ['virus', 'rootcheck', 'malware'],
  },
  {
    id: 'exploit',
    weight: 0.3,
    reason: 'exploit or injection attempt',
    technique: 'T1190',
    text: /\b(exploit\w*|sql injection|xss|cross.site|shellshock|directory traversal|path traversal|command injection|buffer overflow|remote code|\.\.\/\.\.\/|union\s+select|<script|\$\{jndi:)/i,
    groups: ['exploit_attempt', 'attack', 'sql_injection', 'web_attack', 'xss', 'attacks'],
  },
  {
    id: 'brute_force',
    weight: 0.35,
    reason: 'repeated authentication failures or brute force wording',
    technique: 'T1110',
    text: /\b(brute.?force|multiple (failed|authentication|login|invalid)|high number of|too many|many failed|password guessing|possible (breakin|break-in|attack|scan))/i,
    groups: ['authentication_failures', 'brute_force'],
  },
  {
    id: 'auth_failure',
    weight: 0.1,
    reason: 'authentication failure',
    technique: 'T1110',
    text: /\b(authentication fail\w*|failed password|invalid user|login fail\w*|logon fail\w*|failed login|bad password|auth failure)/i,
    groups: ['authentication_failed', 'invalid_login'],
  },
  {
    id: 'privilege',
    weight: 0.2,
    reason: 'privilege change or admin account activity',
    technique: 'T1098',
    text: /\b(privilege\w*|escalat\w*|added to (the )?(admin|administrators|wheel|sudo)|domain admins|new (local )?user|user(add| account) (created|added)|useradd|sudoers)\b/i,
    groups: ['adduser', 'group_changed', 'privilege_escalation'],
  },
  {
    id: 'suspicious_command',
    weight: 0.35,
    reason: 'suspicious command line (download-and-run, encoded PowerShell, reverse shell)',
    technique: 'T1059',
    text: /((curl|wget)\s[^|]*\|\s*(ba)?sh|base64\s+(-d|--decode)|powershell[^\n]*\s-(e|enc|encodedcommand)\s|nc(at)?\s+(-e|-c)\s|\/dev\/tcp\/|invoke-(expression|webrequest)|iex\s*\(|certutil[^\n]*-urlcache|bitsadmin[^\n]*\/transfer|rundll32[^\n]*javascript)/i,
  },
  {
    id: 'recon',
    weight: 0.15,
    reason: 'scanner or reconnaissance activity',
    technique: 'T1595',
    text: /\b(nmap|nikto|sqlmap|masscan|zgrab|port ?scan\w*|scan(ning|ner)?\b|probe)/i,
    groups: ['recon', 'web_scan', 'scan'],
  },
  {
    id: 'integrity',
    weight: 0.15,
    reason: 'file integrity or audit-policy change',
    text: /\b(integrity checksum changed|audit (log|policy) (cleared|changed)|log(s)? (was |were )?cleared|security log cleared)\b/i,
    groups: ['syscheck', 'audit_log_cleared'],
  },
  {
    id: 'blocked_or_denied',
    weight: 0.05,
    reason: 'blocked, denied or dropped by a control',
    text: /\b(denied|blocked|dropped|rejected|quarantin\w*)\b/i,
    groups: ['firewall_drop', 'access_denied'],
  },
  {
    id: 'credential_theft',
    weight: 0.3,
    reason: 'credential theft wording (dumping, clear-text secrets, LSASS, SAM/NTDS)',
    technique: 'T1003',
    text: /\b(credential(s)? (dump\w*|theft|access)|lsass|ntds(\.dit)?|sam hive|hashdump|clear.?text (credential|password)s?|procdump|minidump|kerberoast\w*)/i,
  },
  {
    id: 'persistence',
    weight: 0.2,
    reason: 'persistence wording (start-up folder, run key, scheduled task, WMI consumer, new service)',
    technique: 'T1547',
    text: /\b(persistence|start-?up folder|currentversion\\+run|run key|scheduled task|schtasks\s+\/create|wmi ?(event )?consumer|service (was )?(created|installed))/i,
  },
  {
    id: 'defense_evasion',
    weight: 0.2,
    reason: 'defence evasion wording (disabled protection, tampering, masquerading, obfuscation)',
    technique: 'T1562',
    text: /\b(disabl\w+ (the )?(defender|antivirus|firewall|protection|logging|scanning|audit\w*|alerts?|restrictions?)|(defender|antivirus|protection|scanning|alerts?)\b[^.\n]{0,40}\bdisabled?|tamper\w*|masquerad\w*|renamed (copy|binary)|obfuscat\w*|base64|encoded command|amsi|bypass\w*)/i,
  },
  {
    id: 'known_vulnerability',
    weight: 0.25,
    reason: 'names a CVE or a known exploit',
    technique: 'T1190',
    text: /\b(CVE-\d{4}-\d{4,}|proxylogon|proxyshell|printnightmare|printernightmare|log4shell|eternalblue|zerologon)\b/i,
  },
  {
    id: 'remote_execution',
    weight: 0.25,
    reason: 'remote or lateral execution wording',
    technique: 'T1021',
    text: /\b(remote (code|command) execution|execute code on (a )?remote|lateral movement|psexec\w*|invoke-command|wmic[^\n]*process call create|pass.the.(hash|ticket))/i,
  },
  {
    id: 'exposure',
    weight: 0.2,
    reason: 'resource exposed publicly or to any address',
    text: /\b(public(ly)? (accessible|readable|writable|read|write|access)|is public\b|permits public|open to the (internet|world)|0\.0\.0\.0\/0|::\/0)/i,
  },
  {
    id: 'suspicion',
    weight: 0.1,
    reason: 'the rule itself calls the event suspicious, malicious or a possible attack',
    text: /\b(suspicious|malicious|possible|potential(ly)?|attack\w*|compromis\w*|unauthori[sz]ed|anomal\w*)\b/i,
  },
  {
    id: 'detection_rule',
    weight: 0.15,
    reason: 'raised by a detection rule group (IDS, threat detection)',
    groups: ['ids', 'attack', 'threat_detection'],
    groupPattern: /_detections?$|^ids_|_ids$/,
  },
  {
    id: 'lolbin',
    weight: 0.15,
    reason: 'Windows system binary often abused to proxy execution (LOLBin)',
    technique: 'T1218',
    text: /\b(certutil|mshta|regsvr32|rundll32|bitsadmin|msbuild|installutil|cmstp|regasm|regsvcs|odbcconf|forfiles|wmic)(\.exe)?\b/i,
  },
  {
    id: 'inhibit_recovery',
    weight: 0.4,
    reason: 'deletes shadow copies or backups, or disables recovery (ransomware precursor)',
    technique: 'T1490',
    text: /(vssadmin[^\n]{0,80}delete|wbadmin[^\n]{0,80}delete|shadowcopy[^\n]{0,40}delete|bcdedit[^\n]{0,80}recoveryenabled\s+no)/i,
  },
  {
    id: 'log_clearing',
    weight: 0.3,
    reason: 'clears event logs',
    technique: 'T1070',
    text: /(wevtutil(\.exe)?[^\n]{0,20}\s(cl|clear-log)\b|clear-eventlog|remove-eventlog)/i,
  },
  {
    id: 'account_creation',
    weight: 0.25,
    reason: 'creates an account or adds one to a group from the command line',
    technique: 'T1136',
    text: /\bnet1?(\.exe)?\s+(user|localgroup|group)\b[^\n]{0,120}\/add\b/i,
  },
  {
    id: 'discovery_command',
    weight: 0.1,
    reason: 'host or domain discovery command',
    technique: 'T1082',
    text: /\b(whoami(\.exe)?\s+\/(all|priv|groups)|systeminfo|nltest|net1?(\.exe)?\s+(view|group\s+"?domain)|quser|ipconfig\s+\/all|adfind)\b/i,
  },
  {
    id: 'staging_path',
    weight: 0.15,
    reason:
      'executable or script in a folder attackers stage payloads in (Public, Temp, ProgramData, /tmp, /dev/shm)',
    text: /(\\+(users\\+public|appdata\\+local\\+temp|windows\\+temp|programdata|\$recycle\.bin)\\+[^\\"\s]+\.(exe|dll|ps1|vbs|js|hta|bat|scr)\b|\/(tmp|dev\/shm|var\/tmp)\/[^\s"]+\.(sh|elf|bin|py)\b)/i,
  },
  {
    id: 'routine',
    weight: -0.15,
    reason: 'routine operational message (session opened/closed, successful login, service start/stop)',
    text: /\b(session (opened|closed)|accepted (password|publickey)|successful(ly)?|logged (in|out)|login succe\w*|started|stopped|starting|stopping|connection closed|disconnected|received disconnect|informational|heartbeat|messages grouped|grouped|allowed|permitted)\b/i,
    groups: ['authentication_success', 'service_start', 'pam'],
  },
  {
    id: 'config_noise',
    weight: -0.1,
    reason: 'configuration or connectivity noise',
    text: /\b(timed out|timeout|connection (refused|reset)|no route to host|could not (stat|resolve|load)|not found|no such file|misconfigur\w*|deprecated|debug\d?:)/i,
  },
];

/** Runs every detector; each fires at most once. */
export function detectLogPatterns(text: string, groups: readonly string[] = []): LogPatternHit[] {
  const bounded = text.length > 16_384 ? text.slice(0, 16_384) : text;
  const groupSet = new Set(groups.map((g) => g.trim().toLowerCase()));
  const hits: LogPatternHit[] = [];
  for (const d of DETECTORS) {
    const byText = d.text?.test(bounded) ?? false;
    const byGroup =
      (d.groups?.some((g) => groupSet.has(g)) ?? false) ||
      (d.groupPattern !== undefined && [...groupSet].some((g) => d.groupPattern?.test(g) === true));
    if (!byText && !byGroup) continue;
    hits.push({
      id: d.id,
      weight: d.weight,
      reason: d.reason,
      ...(d.technique === undefined ? {} : { technique: d.technique }),
    });
  }
  return hits;
}
