import { expect } from 'chai';
import { parseCommand, tokenize } from '../../../src/gateway/index.js';
import { WatchkeeperError } from '../../../src/core/index.js';

describe('command grammar', () => {
  it('parses the shared verbs', () => {
    expect(parseCommand('help')).to.deep.equal({ verb: 'help' });
    expect(parseCommand('')).to.deep.equal({ verb: 'help' });
    expect(parseCommand('help ops')).to.deep.equal({ verb: 'help', topic: 'ops' });
    expect(parseCommand('incidents')).to.deep.equal({ verb: 'incidents' });
    expect(parseCommand('incidents resolved')).to.deep.equal({ verb: 'incidents', status: 'resolved' });
    expect(parseCommand('approve a-7k3q9x')).to.deep.equal({ verb: 'approve', id: 'A-7K3Q9X' });
    expect(parseCommand('reject A-1')).to.deep.equal({ verb: 'reject', id: 'A-1' });
    expect(parseCommand('whoami')).to.deep.equal({ verb: 'whoami' });
    expect(parseCommand('subscribe severity>=warning service=checkout')).to.deep.equal({
      verb: 'subscribe',
      filter: 'severity>=warning service=checkout',
    });
    expect(parseCommand('ask why is   checkout slow?')).to.deep.equal({
      verb: 'ask',
      text: 'why is   checkout slow?',
    });
  });

  it('routes anything else to a skill command with its arguments', () => {
    expect(parseCommand('ops rollback checkout-api 2.4.0')).to.deep.equal({
      verb: 'skill',
      skill: 'ops',
      command: 'rollback',
      args: ['checkout-api', '2.4.0'],
    });
    expect(parseCommand('support ticket "printer on fire" now')).to.deep.equal({
      verb: 'skill',
      skill: 'support',
      command: 'ticket',
      args: ['printer on fire', 'now'],
    });
  });

  it('answers bad usage with a coded error, never a crash', () => {
    for (const [text, code] of [
      ['approve', 'COMMAND_INVALID'],
      ['incidents sideways', 'COMMAND_INVALID'],
      ['ask', 'COMMAND_INVALID'],
      ['frobnicate', 'COMMAND_UNKNOWN'],
    ] as const) {
      try {
        parseCommand(text);
        expect.fail(`"${text}" should not parse`);
      } catch (err) {
        expect(err).to.be.instanceOf(WatchkeeperError);
        expect((err as WatchkeeperError).code).to.equal(code);
      }
    }
  });

  it('keeps quoted words together', () => {
    expect(tokenize(`a "b c" 'd e' f`)).to.deep.equal(['a', 'b c', 'd e', 'f']);
  });
});
