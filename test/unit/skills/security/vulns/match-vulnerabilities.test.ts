import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { ValidationError } from '../../../../../src/core/index.js';
import { loadAssetInventory } from '../../../../../skills/security/triage/index.js';
import {
  compareVersions,
  isVersionAffected,
  loadOsvAdvisories,
  matchVulnerabilities,
  parseOsvAdvisory,
} from '../../../../../skills/security/vulns/index.js';
import { cvss3BaseScore } from '../../../../../skills/security/vulns/cvss-score.js';

const inventory = loadAssetInventory(join(process.cwd(), 'data', 'assets.yaml'));
const advisories = loadOsvAdvisories(join(process.cwd(), 'data', 'osv'));

describe('vulnerability matching', () => {
  it('orders versions semver-ish: numeric parts, pre-releases before releases, epochs', () => {
    expect(compareVersions('2.14.1', '2.15.0')).to.be.lessThan(0);
    expect(compareVersions('2.0-beta9', '2.0')).to.be.lessThan(0);
    expect(compareVersions('1.10.0', '1.9.9')).to.be.greaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).to.equal(0);
    expect(compareVersions('1:1.0', '2.0')).to.be.greaterThan(0);
    expect(compareVersions('v3.1.0', '3.1.0')).to.equal(0);
    expect(compareVersions('3.0.0rc1', '3.0.0')).to.be.lessThan(0);
  });

  it('is antisymmetric on generated versions', () => {
    const v = fc.array(fc.nat(30), { minLength: 1, maxLength: 4 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(v, v, (a, b) => Math.sign(compareVersions(a, b)) === -Math.sign(compareVersions(b, a))),
    );
  });

  it('evaluates OSV ranges: introduced/fixed intervals, last_affected, explicit versions', () => {
    const log4j = advisories.find((a) => a.id === 'GHSA-jfh8-c2jp-5v3q')!;
    const affected = (v: string): boolean => log4j.affected.some((a) => isVersionAffected(v, a));
    expect(['2.14.1', '2.13.0', '2.12.1', '2.0-beta9', '2.3']).to.satisfy((vs: string[]) =>
      vs.every(affected),
    );
    expect(['2.15.0', '2.17.1', '2.12.2', '2.3.1', '1.2.17', '2.0-beta8']).to.satisfy((vs: string[]) =>
      vs.every((v) => !affected(v)),
    );
    const last = parseOsvAdvisory({
      id: 'X',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'p' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { last_affected: '1.4.0' }] }],
          versions: ['0.9.1'],
        },
      ],
    }).affected[0]!;
    expect(isVersionAffected('1.4.0', last)).to.equal(true);
    expect(isVersionAffected('1.4.1', last)).to.equal(false);
    expect(isVersionAffected('0.9.1', last)).to.equal(true);
    expect(isVersionAffected('0.9.0', last)).to.equal(false);
  });

  it('matches data/osv against data/assets.yaml with fixed versions, risk and recommendations', () => {
    const recs = matchVulnerabilities(advisories, inventory);
    const byId = new Map(recs.map((r) => [r.advisory, r]));
    const log4j = byId.get('GHSA-jfh8-c2jp-5v3q')!;
    expect(log4j.cvss).to.equal(10);
    expect(log4j.risk).to.equal('critical');
    expect(log4j.findings).to.deep.equal([
      {
        asset: 'checkout-api',
        criticality: 'high',
        package: 'org.apache.logging.log4j:log4j-core',
        ecosystem: 'Maven',
        installed: '2.14.1',
        fixedIn: '2.15.0',
      },
    ]);
    expect(log4j.action).to.equal('upgrade');
    const lodash = byId.get('GHSA-35jh-r3h4-6jhm')!;
    expect(
      lodash.findings.map((f) => f.asset),
      'web-frontend runs the fixed 4.17.21',
    ).to.deep.equal(['checkout-api']);
    expect(lodash.cvss).to.equal(7.2);
    const requests = byId.get('GHSA-9wx4-h78v-vm56')!;
    expect(requests.findings.map((f) => f.asset)).to.deep.equal(['bastion-1']);
    const noFix = byId.get('DEMO-2026-0001')!;
    expect(noFix.action).to.equal('mitigate');
    expect(noFix.risk, 'moderate on a crown jewel').to.equal('high');
    expect(recs[0]!.advisory).to.equal('GHSA-jfh8-c2jp-5v3q');
  });

  it('filters by one asset, by name or address', () => {
    expect(
      matchVulnerabilities(advisories, inventory, { asset: '10.0.4.12' }).map((r) => r.advisory),
    ).to.deep.equal(['GHSA-9wx4-h78v-vm56']);
    expect(matchVulnerabilities(advisories, inventory, { asset: 'web-frontend' })).to.deep.equal([]);
    expect(matchVulnerabilities(advisories, inventory, { asset: 'nope' })).to.deep.equal([]);
  });

  it('scores CVSS 3.1 vectors like the FIRST calculator', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).to.equal(9.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N')).to.equal(5.6);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).to.equal(6.1);
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).to.equal(undefined);
  });

  it('rejects a malformed advisory with the field named', () => {
    expect(() => parseOsvAdvisory({ id: 'X', affected: [{ package: { name: 'p' } }] })).to.throw(
      ValidationError,
      /affected\.0\.package\.ecosystem/,
    );
  });
});
