import { expect } from 'chai';
import { describeMatch } from '../../../src/memory/match-reason.js';

const terms = (title: string, idents: string) => ({ title, body: '', idents });

describe('describeMatch', () => {
  it('names shared errors, references and versions the way people write them', () => {
    const q = terms('npe', 'nullpointerexception cve_2022_2047 v9_4_48 v9_4');
    const c = terms('crash', 'nullpointerexception cve_2022_2047 v9_4');
    expect(describeMatch(q, c)).to.equal(
      'same error nullpointerexception; same reference CVE-2022-2047; same version 9.4',
    );
  });

  it('leaves out host names and anonymous-class artefacts, and falls back to shared summary words', () => {
    const q = terms('kafka lag grows', 'nvd_nist_gov frameworkmethod_1');
    const c = terms('lag on kafka', 'nvd_nist_gov frameworkmethod_1');
    expect(describeMatch(q, c)).to.equal('similar summary: kafka, lag');
    expect(describeMatch(terms('a', ''), terms('b', ''))).to.equal('similar wording');
  });
});
