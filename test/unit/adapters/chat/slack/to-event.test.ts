import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  actionToEvent,
  commandToEvent,
  mentionToEvent,
  opensThread,
} from '../../../../../adapters/chat/slack/index.js';
import { ValidationError } from '../../../../../src/core/index.js';
import { slackSignature } from '../../../../fakes/slack/sign.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/slack/${name}`, import.meta.url), 'utf8');
const ctx = { id: 'ev-1', receivedAt: '2026-01-01T00:00:00.000Z' };

describe('slack inbound translation (recorded official payloads)', () => {
  it('the official slash command (form, percent-encoded) becomes a command event with a slack:<team>:<user> principal', () => {
    const form = Object.fromEntries(new URLSearchParams(fixture('slash-command.form.txt')));
    const event = commandToEvent(form, ctx);
    expect(event).to.deep.include({
      kind: 'command',
      text: '94070',
      platform: 'slack',
      principal: 'slack:T0001:U2147483697',
      displayName: 'Steve',
      conversation: { platform: 'slack', channel: 'C2147483705' },
    });
  });

  it('the Socket Mode slash command envelope payload (empty text) parses, and a thread is carried when given', () => {
    const envelope = JSON.parse(fixture('socket-slash-command-envelope.json'));
    const event = commandToEvent(envelope.payload, { ...ctx, thread: '1700000001.000001' });
    expect(event).to.deep.include({
      kind: 'command',
      text: '',
      principal: 'slack:T123ABC456:U123ABC456',
      conversation: { platform: 'slack', channel: 'C123ABC456', thread: '1700000001.000001', anchored: true },
    });
  });

  it('the official block_actions payload validates; a button that is not ours is ignored', () => {
    expect(actionToEvent(JSON.parse(fixture('block-actions.json')), ctx)).to.equal(undefined);
  });

  it('an Approve click carries the approval id and token from the button value', () => {
    const payload = JSON.parse(fixture('block-actions.json'));
    payload.actions[0].action_id = 'wk_approve';
    payload.actions[0].value = JSON.stringify({ a: 'A-123456', t: 'tok' });
    payload.message.thread_ts = '1548261000.000100';
    const event = actionToEvent(payload, ctx);
    expect(event).to.deep.include({
      kind: 'approval',
      approvalId: 'A-123456',
      decision: 'approve',
      token: 'tok',
      principal: 'slack:T9TK3CUKW:UA8RXUSPL',
      displayName: 'jtorrance',
      conversation: { platform: 'slack', channel: 'CBR2V3XEX', thread: '1548261000.000100' },
    });
    payload.actions[0].action_id = 'wk_reject';
    expect(actionToEvent(payload, ctx)).to.deep.include({ decision: 'reject' });
  });

  it('a button value that is not ours is a ValidationError', () => {
    const payload = JSON.parse(fixture('block-actions.json'));
    payload.actions[0].action_id = 'wk_approve';
    expect(() => actionToEvent(payload, ctx)).to.throw(ValidationError);
    expect(() => commandToEvent({ team_id: 'T1' }, ctx)).to.throw(ValidationError);
  });

  it('an app_mention (constructed on the official envelope) becomes `ask` in the mention’s thread', () => {
    const envelope = JSON.parse(fixture('app-mention-envelope.json'));
    const event = mentionToEvent(envelope.event, envelope.team_id, ctx);
    expect(event).to.deep.include({
      kind: 'command',
      text: 'ask why is checkout-api slow?',
      principal: 'slack:T123ABC456:U123ABC456',
      conversation: { platform: 'slack', channel: 'C123ABC456', thread: '1515449522.000016' },
    });
    expect(mentionToEvent({ ...envelope.event, text: '<@UBOT>' }, 'T1', ctx)).to.deep.include({
      text: 'help',
    });
  });

  it('skill commands open a thread; conversational verbs do not', () => {
    expect(opensThread('ops rollback checkout-api')).to.equal(true);
    for (const t of ['', 'help', 'whoami', 'approve A-1', 'subscribe service=x', 'incidents', 'ask hi'])
      expect(opensThread(t), t).to.equal(false);
  });

  it('the official signing test vector matches our v0 signer', () => {
    const v = JSON.parse(fixture('signing-vector.json'));
    expect(slackSignature(v.secret, v.timestamp, v.body)).to.equal(v.signature);
  });
});
