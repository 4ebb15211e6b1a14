import { expect } from 'chai';
import { loadConfig } from '../../../../../src/config/index.js';

const base = { LOG_LEVEL: 'silent' };

describe('discord configuration', () => {
  it('refuses half a Discord configuration, naming the missing key', () => {
    expect(() => loadConfig({ ...base, DISCORD_TOKEN: 't' }, process.cwd())).to.throw(
      /DISCORD_APPLICATION_ID/,
    );
    expect(() => loadConfig({ ...base, DISCORD_APPLICATION_ID: '1' }, process.cwd())).to.throw(
      /DISCORD_TOKEN/,
    );
  });

  it('accepts a gateway or an HTTP-interactions configuration', () => {
    expect(() =>
      loadConfig({ ...base, DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' }, process.cwd()),
    ).to.not.throw();
    expect(() =>
      loadConfig({ ...base, DISCORD_PUBLIC_KEY: 'a'.repeat(64), DISCORD_APPLICATION_ID: '1' }, process.cwd()),
    ).to.not.throw();
  });
});
