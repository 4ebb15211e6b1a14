import { expect } from 'chai';
import { loadConfig } from '../../../src/config/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';

describe('config', () => {
  it('needs no keys at all: console on 127.0.0.1:3000, database in data/', () => {
    const c = loadConfig({}, '/srv/wk');
    expect(c.host).to.equal('127.0.0.1');
    expect(c.port).to.equal(3000);
    expect(c.dbPath).to.equal('/srv/wk/data/watchkeeper.db');
    expect(c.policiesDir).to.equal('/srv/wk/policies');
  });

  it('lists every bad key with its reason at once', () => {
    try {
      loadConfig(
        { PORT: 'eighty', LOG_LEVEL: 'loud', DISCORD_PUBLIC_KEY: 'xyz', MATRIX_USER_ID: 'bot' },
        '/',
      );
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(WatchkeeperError);
      const e = err as WatchkeeperError;
      expect(e.code).to.equal('CONFIG_INVALID');
      for (const key of ['PORT', 'LOG_LEVEL', 'DISCORD_PUBLIC_KEY', 'MATRIX_USER_ID'])
        expect(e.message).to.include(key);
    }
  });

  it('refuses a non-loopback bind without a console token', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' }, '/')).to.throw(/WATCHKEEPER_CONSOLE_TOKEN/);
    expect(
      loadConfig({ HOST: '0.0.0.0', WATCHKEEPER_CONSOLE_TOKEN: 'long-enough-token' }, '/').consoleToken,
    ).to.equal('long-enough-token');
  });

  it('treats blank values (an empty line in .env) as unset and collects secrets for redaction', () => {
    const c = loadConfig(
      { WATCHKEEPER_DB: '', SLACK_BOT_TOKEN: 'xoxb-123456789', SLACK_APP_TOKEN: 'xapp-1-A1-2-abcdef' },
      '/x',
    );
    expect(c.dbPath).to.equal('/x/data/watchkeeper.db');
    expect(c.secrets).to.deep.equal(['xoxb-123456789', 'xapp-1-A1-2-abcdef']);
  });

  it('refuses half a Slack configuration, naming the missing key', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-123456789' }, '/')).to.throw(
      /SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/,
    );
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: 'abcdef123456' }, '/')).to.throw(
      /SLACK_BOT_TOKEN: required/,
    );
  });
});
