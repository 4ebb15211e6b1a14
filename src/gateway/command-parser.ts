import { WatchkeeperError } from '../core/index.js';

/** The shared grammar (design.md §6), after the platform's `/wk` or `!wk` prefix. */
export type ParsedCommand =
  | { readonly verb: 'help'; readonly topic?: string }
  | { readonly verb: 'ask'; readonly text: string }
  | { readonly verb: 'incidents'; readonly status?: 'open' | 'mitigated' | 'resolved' | 'all' }
  | { readonly verb: 'incident'; readonly id: string }
  | {
      readonly verb: 'approve' | 'reject';
      readonly id: string;
      /** A 6-digit TOTP code typed after the id (`approve A-1 123456`). */
      readonly code?: string;
      /** `irreversible` typed after the id: the approver accepts a step that cannot be undone. */
      readonly acknowledgeIrreversible?: boolean;
    }
  | { readonly verb: '2fa'; readonly action: 'enrol' | 'status' }
  | { readonly verb: 'approvals' }
  | { readonly verb: 'subscribe'; readonly filter: string }
  | { readonly verb: 'unsubscribe' }
  | { readonly verb: 'subscriptions' }
  | { readonly verb: 'whoami' }
  | {
      readonly verb: 'skill';
      readonly skill: string;
      readonly command: string;
      readonly args: readonly string[];
    };

/** Splits on whitespace, keeping "double" or 'single' quoted words together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3] ?? '');
  return tokens;
}

const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved', 'all'] as const;

export function parseCommand(text: string): ParsedCommand {
  const trimmed = text.trim();
  const tokens = tokenize(trimmed);
  const [head, ...rest] = tokens;
  const verb = (head ?? 'help').toLowerCase();
  const restText = trimmed.slice(head?.length ?? 0).trim();
  // `retro accept <proposal>` and `retro playbooks` are the playbook skill's; other `retro` words draft one.
  const retroSub = verb === 'retro' ? rest[0]?.toLowerCase() : undefined;
  if (retroSub === 'accept')
    return { verb: 'skill', skill: 'playbook', command: 'accept', args: rest.slice(1) };
  if (retroSub === 'playbooks') return { verb: 'skill', skill: 'playbook', command: 'list', args: [] };
  switch (verb) {
    case 'help':
      return rest[0] === undefined ? { verb: 'help' } : { verb: 'help', topic: rest[0].toLowerCase() };
    case 'ask':
      if (restText === '') throw invalid('usage: ask <question>');
      return { verb: 'ask', text: restText };
    case 'incidents': {
      const status = rest[0]?.toLowerCase();
      if (status === undefined) return { verb: 'incidents' };
      if (!(INCIDENT_STATUSES as readonly string[]).includes(status))
        throw invalid(`usage: incidents [${INCIDENT_STATUSES.join('|')}]`);
      return { verb: 'incidents', status: status as (typeof INCIDENT_STATUSES)[number] };
    }
    case 'incident':
      if (rest[0] === undefined) throw invalid('usage: incident <id>');
      return { verb: 'incident', id: rest[0].toUpperCase() };
    case 'approve':
    case 'reject':
      if (rest[0] === undefined) throw invalid(`usage: ${verb} <approval id> [totp code] [irreversible]`);
      return { verb, id: rest[0].toUpperCase(), ...voteExtras(rest.slice(1)) };
    case '2fa': {
      const action = (rest[0] ?? 'status').toLowerCase();
      if (action === 'enrol' || action === 'enroll') return { verb: '2fa', action: 'enrol' };
      if (action === 'status') return { verb: '2fa', action: 'status' };
      throw invalid('usage: 2fa enrol | 2fa status');
    }
    case 'approvals':
      return { verb: 'approvals' };
    case 'subscribe':
      return { verb: 'subscribe', filter: restText };
    case 'unsubscribe':
      return { verb: 'unsubscribe' };
    case 'subscriptions':
      return { verb: 'subscriptions' };
    case 'whoami':
      return { verb: 'whoami' };
    case 'autonomy': {
      // `autonomy <domain>[.<action>] <mode>` is the autonomy skill's `set`; bare `autonomy` is `show`.
      const sub = rest[0]?.toLowerCase();
      if (sub === undefined) return { verb: 'skill', skill: 'autonomy', command: 'show', args: [] };
      if (['set', 'proposals', 'show'].includes(sub))
        return { verb: 'skill', skill: 'autonomy', command: sub, args: rest.slice(1) };
      return { verb: 'skill', skill: 'autonomy', command: 'set', args: rest };
    }
    default:
      if (rest[0] === undefined)
        throw invalid(`"${verb}" needs a command: ${verb} <command> [args], or try help`, 'COMMAND_UNKNOWN');
      return { verb: 'skill', skill: verb, command: rest[0].toLowerCase(), args: rest.slice(1) };
  }
}

/** Words after `approve <id>`: a 6-digit code and/or `irreversible`; anything else is refused. */
function voteExtras(words: readonly string[]): { code?: string; acknowledgeIrreversible?: boolean } {
  const out: { code?: string; acknowledgeIrreversible?: boolean } = {};
  for (const w of words) {
    if (/^\d{6}$/.test(w)) out.code = w;
    else if (w.toLowerCase() === 'irreversible') out.acknowledgeIrreversible = true;
    else throw invalid('usage: approve <approval id> [6-digit totp code] [irreversible]');
  }
  return out;
}

function invalid(
  message: string,
  code: 'COMMAND_INVALID' | 'COMMAND_UNKNOWN' = 'COMMAND_INVALID',
): WatchkeeperError {
  return new WatchkeeperError(code, message);
}
