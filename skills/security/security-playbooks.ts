import type { Playbook, PlaybookStep } from '../../src/core/index.js';

/**
 * Which backend carries out containment: the sandbox fleet (default), the EDR/firewall webhook API
 * (`edr.*`) and the identity provider (`idp.*`) when they are configured.
 */
export interface ContainmentBackends {
  readonly network: 'sandbox' | 'edr';
  readonly identity: 'sandbox' | 'idp';
}

export const SANDBOX_BACKENDS: ContainmentBackends = { network: 'sandbox', identity: 'sandbox' };

/** ATT&CK brute force (T1110 and its sub-techniques), as the security source labels it. */
export const BRUTE_FORCE_TECHNIQUES = 'T1110|T1110.*|*,T1110|*,T1110,*|*,T1110.*|T1110,*';
/** Phishing (T1566 and its sub-techniques), anywhere in the comma-separated list. */
export const PHISHING_TECHNIQUES = 'T1566|T1566.*|*,T1566|*,T1566,*|*,T1566.*|T1566,*';

/**
 * Containment is critical in this skill whatever the backend declares: it takes hosts off the network
 * or people out of their accounts, so the default policy asks two security approvers (and a second
 * factor) for it. A playbook's suggested risk can only raise a step's risk.
 */
const CONTAIN = 'critical' as const;

/** Every security playbook for the given backends: command playbooks, then signal playbooks in match order. */
export function securityPlaybooks(b: ContainmentBackends = SANDBOX_BACKENDS): readonly Playbook[] {
  const net = (verb: string): string => `${b.network}.${verb}`;
  const idp = (verb: string): string => `${b.identity}.${verb}`;
  const command = (id: string, description: string, steps: PlaybookStep[]): Playbook => ({
    id: `security.${id}`,
    description,
    trigger: { kind: 'command', command: id },
    steps,
  });
  const triageStep: PlaybookStep = {
    tool: 'sec.triage_event',
    input: { event: '{{signal.id}}' },
    rationale: 'Record the triage verdict and its reasons with the incident.',
  };

  const commands: Playbook[] = [
    command('triage', 'Show the triage verdict of an event.', [
      {
        tool: 'sec.triage_event',
        input: { event: '{{args.0|string}}' },
        rationale: 'Triage event {{args.0}}.',
      },
    ]),
    command('incidents', 'List security incidents.', [
      {
        tool: 'sec.incidents',
        input: { status: '{{args.0|string}}' },
        rationale: 'List security incidents.',
      },
    ]),
    command('intel', 'Look an indicator up in threat intel.', [
      {
        tool: 'sec.intel_lookup',
        input: { indicator: '{{args.0|string}}' },
        rationale: 'Look {{args.0}} up in threat intel.',
      },
    ]),
    command('intel-refresh', 'Reload the threat-intel feeds.', [
      { tool: 'sec.intel_refresh', input: {}, rationale: 'Reload the threat-intel feeds from disk.' },
    ]),
    command('vulns', 'Patch recommendations.', [
      {
        tool: 'sec.vulns',
        input: { asset: '{{args.0|string}}' },
        rationale: 'Match advisories against the inventory.',
      },
    ]),
    command('evidence', 'Export the evidence bundle of an incident.', [
      {
        tool: 'sec.evidence',
        input: { incident: '{{args.0|string}}' },
        rationale: 'Export the evidence of {{args.0}}.',
      },
    ]),
    command('isolate', 'Isolate a host (critical).', [
      {
        tool: net('isolate_host'),
        input: { host: '{{args.0|string}}' },
        rationale: 'Isolate {{args.0}} as requested.',
        suggestedRisk: CONTAIN,
      },
    ]),
    command('release', 'Release an isolated host.', [
      {
        tool: net('release_host'),
        input: { host: '{{args.0|string}}' },
        rationale: 'Release {{args.0}} as requested.',
      },
    ]),
    command('disable', 'Disable an account and revoke its sessions.', [
      {
        tool: idp('disable_account'),
        input: { account: '{{args.0|string}}' },
        rationale: 'Disable {{args.0}} as requested.',
        suggestedRisk: CONTAIN,
      },
      {
        tool: idp('revoke_sessions'),
        input: { account: '{{args.0|string}}' },
        rationale: 'Sign {{args.0}} out everywhere.',
        suggestedRisk: CONTAIN,
      },
    ]),
    command('enable', 'Re-enable an account.', [
      {
        tool: idp('enable_account'),
        input: { account: '{{args.0|string}}' },
        rationale: 'Re-enable {{args.0}} as requested.',
      },
    ]),
    command('block-ip', 'Block an IP address.', [
      {
        tool: net('block_ip'),
        input: { ip: '{{args.0|string}}', reason: '{{args.1|string}}' },
        rationale: 'Block {{args.0}} as requested.',
      },
    ]),
    command('unblock-ip', 'Lift an IP block.', [
      {
        tool: net('unblock_ip'),
        input: { ip: '{{args.0|string}}' },
        rationale: 'Unblock {{args.0}} as requested.',
      },
    ]),
    command('block-domain', 'Block a domain.', [
      {
        tool: net('block_domain'),
        input: { domain: '{{args.0|string}}', reason: '{{args.1|string}}' },
        rationale: 'Block {{args.0}} as requested.',
      },
    ]),
    command('unblock-domain', 'Lift a domain block.', [
      {
        tool: net('unblock_domain'),
        input: { domain: '{{args.0|string}}' },
        rationale: 'Unblock {{args.0}} as requested.',
      },
    ]),
    command('quarantine', 'Quarantine a file on a host.', [
      {
        tool: net('quarantine_file'),
        input: { host: '{{args.0|string}}', sha256: '{{args.1|string}}' },
        rationale: 'Quarantine {{args.1}} on {{args.0}} as requested.',
      },
    ]),
    command('restore', 'Restore a quarantined file.', [
      {
        tool: net('restore_file'),
        input: { host: '{{args.0|string}}', sha256: '{{args.1|string}}' },
        rationale: 'Restore {{args.1}} on {{args.0}} as requested.',
      },
    ]),
  ];

  // First match wins: the most specific containment first, the plain triage record last.
  const signals: Playbook[] = [
    {
      id: 'security.brute-force',
      description: 'Brute force against a host: record the verdict, then propose isolating the host.',
      trigger: { kind: 'signal', labels: { attack_techniques: BRUTE_FORCE_TECHNIQUES, host: '*' } },
      steps: [
        triageStep,
        {
          tool: net('isolate_host'),
          input: { host: '{{labels.host}}' },
          rationale: 'Brute force against {{labels.host}}: isolate it until it is checked.',
          suggestedRisk: CONTAIN,
        },
      ],
    },
    {
      id: 'security.admin-grant',
      description: 'An unexpected admin grant: disable the account and revoke its sessions.',
      trigger: { kind: 'signal', labels: { event_action: 'admin_grant', user: '*' } },
      steps: [
        triageStep,
        {
          tool: idp('disable_account'),
          input: { account: '{{labels.user}}' },
          rationale: 'Admin rights granted to {{labels.user}} outside change control: disable the account.',
          suggestedRisk: CONTAIN,
        },
        {
          tool: idp('revoke_sessions'),
          input: { account: '{{labels.user}}' },
          rationale: 'Sign {{labels.user}} out of every session.',
          suggestedRisk: CONTAIN,
        },
      ],
    },
    {
      id: 'security.credential-phishing',
      description:
        'Credentials typed into a phishing page: lock the account and sign it out everywhere until reset.',
      trigger: {
        kind: 'signal',
        labels: { attack_techniques: PHISHING_TECHNIQUES, attack_tactics: '*credential-access*', user: '*' },
      },
      steps: [
        triageStep,
        {
          tool: idp('disable_account'),
          input: { account: '{{labels.user}}' },
          rationale:
            '{{labels.user}} gave a phishing page their password: lock the account until it is reset.',
          suggestedRisk: CONTAIN,
        },
        {
          tool: idp('revoke_sessions'),
          input: { account: '{{labels.user}}' },
          rationale: 'Sign {{labels.user}} out of every session the stolen password may have opened.',
          suggestedRisk: CONTAIN,
        },
      ],
    },
    {
      id: 'security.malicious-file',
      description: 'A malicious file on a host: quarantine it.',
      trigger: { kind: 'signal', labels: { file_hash: '*', host: '*' } },
      steps: [
        triageStep,
        {
          tool: net('quarantine_file'),
          input: { host: '{{labels.host}}', sha256: '{{labels.file_hash}}' },
          rationale: 'Quarantine {{labels.file_hash}} on {{labels.host}}.',
        },
      ],
    },
    {
      id: 'security.c2-domain',
      description: 'Command-and-control traffic to a domain: block the domain.',
      trigger: { kind: 'signal', labels: { domain: '*', attack_tactics: '*command-and-control*' } },
      steps: [
        triageStep,
        {
          tool: net('block_domain'),
          input: { domain: '{{labels.domain}}', reason: 'command and control' },
          rationale: 'Block {{labels.domain}}: command-and-control traffic.',
        },
      ],
    },
    {
      id: 'security.record',
      description: 'Any other security incident: record the triage verdict; people decide on containment.',
      trigger: { kind: 'signal', labels: { format: '*' } },
      steps: [triageStep],
    },
  ];
  return [...commands, ...signals];
}
