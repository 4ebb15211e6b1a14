import { expect } from 'chai';
import { matchLabels } from '../../../../../src/core/index.js';
import type { Playbook } from '../../../../../src/core/index.js';
import { BRUTE_FORCE_TECHNIQUES, securityPlaybooks } from '../../../../../skills/security/index.js';

/** The first signal playbook whose trigger matches, as the playbook planner picks it. */
function pick(playbooks: readonly Playbook[], labels: Record<string, string>): Playbook | undefined {
  return playbooks.find((p) => p.trigger.kind === 'signal' && matchLabels(p.trigger.labels, labels));
}

describe('security playbooks', () => {
  const sandbox = securityPlaybooks();
  const real = securityPlaybooks({ network: 'edr', identity: 'idp' });

  it('matches ATT&CK brute force (T1110 and sub-techniques) anywhere in the technique list, nothing else', () => {
    const bf = { kind: 'signal', labels: { attack_techniques: BRUTE_FORCE_TECHNIQUES } } as const;
    for (const t of ['T1110', 'T1110.001', 'T1078,T1110', 'T1078,T1110.003,T1021', 'T1110,T1078'])
      expect(matchLabels(bf.labels, { attack_techniques: t }), t).to.equal(true);
    for (const t of ['T11100', 'T1078', 'XT1110', 'T1111'])
      expect(matchLabels(bf.labels, { attack_techniques: t }), t).to.equal(false);
  });

  it('picks the containment that fits the event, most specific first, else only records the triage', () => {
    const cases: [Record<string, string>, string, string[]][] = [
      [
        { format: 'wazuh', host: 'web-1', attack_techniques: 'T1110' },
        'security.brute-force',
        ['sec.triage_event', 'edr.isolate_host'],
      ],
      [
        { format: 'generic', user: 'mallory', event_action: 'admin_grant' },
        'security.admin-grant',
        ['sec.triage_event', 'idp.disable_account', 'idp.revoke_sessions'],
      ],
      [
        { format: 'falco', host: 'web-1', file_hash: 'a'.repeat(64) },
        'security.malicious-file',
        ['sec.triage_event', 'edr.quarantine_file'],
      ],
      [
        { format: 'sigma', domain: 'c2.example', attack_tactics: 'execution,command-and-control' },
        'security.c2-domain',
        ['sec.triage_event', 'edr.block_domain'],
      ],
      [
        {
          format: 'generic',
          user: 'ana',
          attack_techniques: 'T1566.002,T1078',
          attack_tactics: 'initial-access,credential-access',
        },
        'security.credential-phishing',
        ['sec.triage_event', 'idp.disable_account', 'idp.revoke_sessions'],
      ],
      // A phishing mail nobody fell for locks nobody out.
      [
        { format: 'generic', user: 'ana', attack_techniques: 'T1566.001', attack_tactics: 'initial-access' },
        'security.record',
        ['sec.triage_event'],
      ],
      [{ format: 'wazuh', host: 'web-1', rule_id: '5402' }, 'security.record', ['sec.triage_event']],
    ];
    for (const [labels, id, tools] of cases) {
      const p = pick(real, labels);
      expect(p?.id, JSON.stringify(labels)).to.equal(id);
      expect(p!.steps.map((s) => s.tool)).to.deep.equal(tools);
    }
    expect(
      pick(sandbox, { format: 'wazuh', host: 'web-1', attack_techniques: 'T1110' })!.steps[1]!.tool,
    ).to.equal('sandbox.isolate_host');
  });

  it('marks isolation, account disable and session revocation critical; other containment keeps its declared risk', () => {
    const critical = real.flatMap((p) =>
      p.steps.filter((s) => s.suggestedRisk === 'critical').map((s) => s.tool),
    );
    expect([...new Set(critical)].sort()).to.deep.equal([
      'edr.isolate_host',
      'idp.disable_account',
      'idp.revoke_sessions',
    ]);
    const releases = real
      .flatMap((p) => p.steps)
      .filter((s) => /release|enable|unblock|restore/.test(s.tool));
    expect(
      releases.every((s) => s.suggestedRisk === undefined),
      'releases are never raised',
    ).to.equal(true);
  });
});
