import { expect } from 'chai';
import { analyseText, splitIdentifier } from '../../../src/memory/text-analysis.js';

describe('analyseText', () => {
  it('keeps versions exact and as major.minor, so 2.9.10.3 and 2.9.10.2 still share v2_9', () => {
    const a = analyseText('Upgrade jackson-databind to 2.9.10.3');
    const b = analyseText('Upgrade jackson-databind to 2.9.10.2');
    expect(a.idents).to.include.members(['v2_9_10_3', 'v2_9']);
    expect(b.idents).to.include.members(['v2_9_10_2', 'v2_9']);
    expect(analyseText('Netty v4.1.45.Final').idents).to.include.members(['v4_1_45', 'v4_1']);
    // A version's digits are not words: nothing numeric leaks into the word list.
    expect(a.words.some((w) => /\d/.test(w))).to.equal(false);
  });

  it('keeps CVE ids and issue keys whole', () => {
    const { idents } = analyseText('fixes CVE-2022-1471, see HADOOP-16882');
    expect(idents).to.include.members(['cve_2022_1471', 'hadoop_16882']);
  });

  it('turns stack frames into class_method and drops line numbers, timestamps and hashes', () => {
    const trace = `2020-06-20T01:56:28Z ERROR java.lang.NullPointerException
      at org.apache.hadoop.yarn.server.nodemanager.webapp.WebServer.serviceStart(WebServer.java:72)
      container 3f2a9c0d1e4b5a6f7788 at 0x7ffe1234`;
    const { words, idents } = analyseText(trace);
    expect(idents).to.include.members(['nullpointerexception', 'webserver_servicestart', 'webserver']);
    expect(idents.some((i) => i.includes('72'))).to.equal(false);
    expect(words).to.not.include.members(['3f2a9c0d1e4b5a6f7788', '0x7ffe1234', '72']);
    expect(words).to.include.members(['null', 'pointer', 'exception', 'web', 'server', 'service', 'start']);
  });

  it('keeps dotted config keys whole and splits identifiers into words', () => {
    const { words, idents } = analyseText(
      'fails when fs.azure.test.appendblob.enabled=true in getFileStatus',
    );
    expect(idents).to.include.members(['fs_azure_test_appendblob_enabled', 'getfilestatus']);
    expect(words).to.include.members(['file', 'status', 'fail']);
  });

  it('splits camelCase, acronyms and snake_case', () => {
    expect(splitIdentifier('S3AInputStream')).to.deep.equal(['s3', 'a', 'input', 'stream']);
    expect(splitIdentifier('HTTPServer2')).to.deep.equal(['http', 'server2']);
    expect(splitIdentifier('ZSTD_inBuffer')).to.deep.equal(['zstd', 'in', 'buffer']);
  });
});
