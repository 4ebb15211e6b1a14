import { WatchkeeperError } from '../core/index.js';

/** The shared grammar (design.md §6), after the platform's `/wk` or `!wk` prefix. */
export type ParsedCommand =
  | { readonly verb: 'help'; readonly topic?: string }
  | { readonly verb: 'ask'; readonly text: string }
  | { readonly verb: 'incidents'; readonly status?: 'open' | 'mitigated' | 'resolved' | 'all' }
  | { readonly verb: 'incident'; readonly id: string }
  | { readonly verb: 'approve' | 'reject'; readonly id: string }
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
      if (rest[0] === undefined) throw invalid(`usage: ${verb} <approval id>`);
      return { verb, id: rest[0].toUpperCase() };
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
    default:
      if (rest[0] === undefined)
        throw invalid(`"${verb}" needs a command: ${verb} <command> [args], or try help`, 'COMMAND_UNKNOWN');
      return { verb: 'skill', skill: verb, command: rest[0].toLowerCase(), args: rest.slice(1) };
  }
}

function invalid(
  message: string,
  code: 'COMMAND_INVALID' | 'COMMAND_UNKNOWN' = 'COMMAND_INVALID',
): WatchkeeperError {
  return new WatchkeeperError(code, message);
}
