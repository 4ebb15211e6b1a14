import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  commandText,
  commandToEvent,
  componentToEvent,
  customId,
  opensThread,
  parseInteraction,
} from '../../../../../adapters/chat/discord/index.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/discord/${name}`, 'utf8'));
const ctx = { id: 'e1', receivedAt: '2026-11-25T10:00:00.000Z' };

describe('discord to-event', () => {
  it('turns the documented slash command into a command event with a discord: principal', () => {
    const e = commandToEvent(parseInteraction(fixture('slash-command.json')), ctx);
    expect(e).to.include({ kind: 'command', platform: 'discord', principal: 'discord:53908232506183680' });
    expect(e.kind === 'command' && e.text).to.equal('ops rollback checkout-api v41');
    expect(e.conversation).to.deep.equal({ platform: 'discord', channel: '645027906669510667' });
  });

  it('maps subcommands, `run` and no options to the console grammar', () => {
    expect(commandText([{ type: 1, name: 'whoami' }])).to.equal('whoami');
    expect(
      commandText([{ type: 1, name: 'approve', options: [{ type: 3, name: 'id', value: 'A-1' }] }]),
    ).to.equal('approve A-1');
    expect(
      commandText([
        { type: 1, name: 'run', options: [{ type: 3, name: 'command', value: ' ops status api ' }] },
      ]),
    ).to.equal('ops status api');
    expect(commandText(undefined)).to.equal('help');
  });

  it('reads an approval click from custom_id and refuses malformed ones', () => {
    const e = componentToEvent(parseInteraction(fixture('button-click.json')), ctx);
    expect(e).to.include({ kind: 'approval', approvalId: 'A-7K2M9Q', decision: 'approve' });
    const bad = {
      ...(fixture('button-click.json') as object),
      data: { custom_id: 'wk:r:no token', component_type: 2 },
    };
    expect(() => componentToEvent(parseInteraction(bad), ctx)).to.throw(/not one of ours/);
    const other = {
      ...(fixture('button-click.json') as object),
      data: { custom_id: 'other', component_type: 2 },
    };
    expect(componentToEvent(parseInteraction(other), ctx)).to.equal(undefined);
  });

  it('maps a click inside a thread to the parent channel plus the thread', () => {
    const raw = {
      ...(fixture('button-click.json') as object),
      channel: { id: '9', type: 11, parent_id: '8' },
    };
    expect(componentToEvent(parseInteraction(raw), ctx)?.conversation).to.deep.equal({
      platform: 'discord',
      channel: '8',
      thread: '9',
    });
  });

  it('keeps custom_id within 100 characters and refuses longer ones', () => {
    expect(customId('approve', 'A-ABCDEF', 'x'.repeat(43)).length).to.be.at.most(100);
    expect(() => customId('approve', 'A'.repeat(60), 'x'.repeat(43))).to.throw(/max 100/);
  });

  it('opens threads for skill commands only', () => {
    expect(opensThread('ops rollback api')).to.equal(true);
    expect(opensThread('whoami')).to.equal(false);
  });

  it('refuses an interaction without a user', () => {
    const raw = { id: '1', type: 2, channel_id: '1', data: { name: 'wk' } };
    expect(() => commandToEvent(parseInteraction(raw), ctx)).to.throw(/no user/);
  });
});
