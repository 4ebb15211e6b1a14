import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import {
  classifyIndicator,
  createIntelStore,
  parseIntelCsv,
  parseStixBundle,
} from '../../../../../skills/security/intel/index.js';

let now = Date.parse('2026-02-01T00:00:00Z');
const clock = { now: () => new Date(now) };
const DATA_INTEL = join(process.cwd(), 'data', 'intel');

describe('threat intel', () => {
  it('reads STIX 2.1 indicator patterns: ip, cidr, domain OR url, hashes, user; skips AND patterns', () => {
    const { indicators, skipped } = parseStixBundle(
      {
        type: 'bundle',
        objects: [
          {
            type: 'indicator',
            pattern: "[ipv4-addr:value = '203.0.113.1']",
            pattern_type: 'stix',
            name: 'a',
          },
          {
            type: 'indicator',
            pattern: "[domain-name:value = 'Evil.Example.'] OR [url:value = 'http://x.example/p']",
          },
          { type: 'indicator', pattern: "[file:hashes.MD5 = '44D88612FEA8A8F36DE82E1278ABB02F']" },
          { type: 'indicator', pattern: "[user-account:account_login = 'bob']" },
          { type: 'indicator', pattern: "[ipv4-addr:value = '1.2.3.4' AND network-traffic:dst_port = 22]" },
          { type: 'indicator', pattern: "[ipv4-addr:value = '9.9.9.9']", revoked: true },
          { type: 'indicator', pattern: 'alert tcp any any', pattern_type: 'snort' },
          { type: 'malware', name: 'not an indicator' },
        ],
      },
      'feed.json',
    );
    expect(indicators.map((i) => `${i.type}:${i.value}`)).to.deep.equal([
      'ipv4:203.0.113.1',
      'domain:evil.example',
      'url:http://x.example/p',
      'md5:44d88612fea8a8f36de82e1278abb02f',
      'user:bob',
    ]);
    expect(skipped).to.equal(2);
  });

  it('reads CSV feeds with or without a header; rows of no known type are skipped', () => {
    const withHeader = parseIntelCsv(
      'ioc,description\n"203.0.113.7","spray, source"\nnot a thing,x\n',
      'a.csv',
    );
    expect(withHeader.indicators).to.have.length(1);
    expect(withHeader.indicators[0]).to.deep.include({
      type: 'ipv4',
      value: '203.0.113.7',
      description: 'spray, source',
    });
    expect(withHeader.skipped).to.equal(1);
    const bare = parseIntelCsv('# comment\nbad.example,phishing\n10.9.0.0/16\n', 'b.csv');
    expect(bare.indicators.map((i) => i.type)).to.deep.equal(['domain', 'cidr']);
    expect(classifyIndicator('user:Ana')).to.deep.equal({ type: 'user', value: 'ana' });
  });

  it('loads data/intel and matches a signal’s ip, parent domain, hash, user and CIDR; expiry stops matches', () => {
    const store = createIntelStore({ dir: DATA_INTEL, clock });
    const result = store.refresh();
    expect(result.errors).to.deep.equal([]);
    expect(result.files.map((f) => f.file)).to.include.members([
      'demo-stix-bundle.json',
      'demo-blocklist.csv',
    ]);
    const hits = store.match({
      labels: {
        src_ip: '203.0.113.66',
        domain: 'cdn.c2.bad.example',
        file_hash: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
        user: 'J.Doe',
      },
    });
    expect(hits.map((h) => h.observable.field).sort()).to.deep.equal([
      'domain',
      'file_hash',
      'src_ip',
      'user',
    ]);
    expect(store.match({ labels: { src_ip: '198.51.100.77' } })).to.have.length(1);
    now = Date.parse('2026-04-01T00:00:00Z');
    expect(store.match({ labels: { src_ip: '198.51.100.77' } }), 'valid_until passed').to.have.length(0);
    expect(store.match({ labels: { src_ip: '10.1.1.1', domain: 'example.org' } })).to.have.length(0);
    expect(store.lookup('malware-drop.example')[0]!.indicator.source).to.equal('demo-blocklist.csv');
    expect(store.lookup('j.doe')).to.have.length(1);
  });

  it('refresh picks up a new feed and reports a broken one without dropping the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-intel-'));
    writeFileSync(join(dir, 'a.csv'), 'value\n203.0.113.50\n');
    const store = createIntelStore({ dir, clock });
    store.refresh();
    expect(store.lookup('203.0.113.51')).to.have.length(0);
    writeFileSync(join(dir, 'b.csv'), 'value\n203.0.113.51\n');
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    const r = store.refresh();
    expect(store.size).to.equal(2);
    expect(store.lookup('203.0.113.51')).to.have.length(1);
    expect(r.errors.map((e) => e.file)).to.deep.equal(['broken.json']);
  });
});
