import { expect } from 'chai';
import { lineToEvent, parseCommandText, voteToEvent } from '../../../../../adapters/chat/console/index.js';

const ctx = { id: 'e1', receivedAt: '2026-01-01T00:00:00.000Z', user: 'alice' };

describe('console to-event', () => {
  it('strips the !wk and /wk prefixes into a command', () => {
    expect(parseCommandText('!wk help')).to.deep.equal({ kind: 'command', text: 'help' });
    expect(parseCommandText('  /wk ops rollback checkout-api ')).to.deep.equal({
      kind: 'command',
      text: 'ops rollback checkout-api',
    });
    expect(parseCommandText('!wk')).to.deep.equal({ kind: 'command', text: '' });
  });

  it('keeps anything else a plain message', () => {
    expect(parseCommandText('hello team')).to.deep.equal({ kind: 'message', text: 'hello team' });
    expect(parseCommandText('!wkhelp')).to.deep.equal({ kind: 'message', text: '!wkhelp' });
    expect(parseCommandText('say !wk help')).to.deep.equal({ kind: 'message', text: 'say !wk help' });
  });

  it('builds a command event with a console principal and the ops conversation', () => {
    expect(lineToEvent('!wk incidents', ctx)).to.deep.equal({
      id: 'e1',
      kind: 'command',
      text: 'incidents',
      platform: 'console',
      principal: 'console:alice',
      displayName: 'alice',
      conversation: { platform: 'console', channel: 'ops' },
      receivedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('threads an event when a thread is given', () => {
    const event = lineToEvent('looking into it', { ...ctx, thread: 'inc-7' });
    expect(event.kind).to.equal('message');
    expect(event.conversation).to.deep.equal({ platform: 'console', channel: 'ops', thread: 'inc-7' });
  });

  it('builds an approval event carrying the button token only when there is one', () => {
    const withToken = voteToEvent({ approvalId: 'ap1', decision: 'approve', token: 'tok' }, ctx);
    expect(withToken).to.include({ kind: 'approval', approvalId: 'ap1', decision: 'approve', token: 'tok' });
    const typed = voteToEvent({ approvalId: 'ap1', decision: 'reject' }, ctx);
    expect(typed).not.to.have.property('token');
    expect(typed.principal).to.equal('console:alice');
  });
});
