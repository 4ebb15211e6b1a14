import type { AuditEntry } from '../core/index.js';

const MAX_JSON = 160;

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

/** Compact, single-line JSON, cut to a readable length. */
function compact(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_JSON ? `${text.slice(0, MAX_JSON - 1)}…` : text;
}

function join(parts: readonly (string | undefined)[]): string {
  return parts.filter((p): p is string => p !== undefined && p !== '').join(' ');
}

function call(tool: unknown, input: unknown): string {
  return `${str(tool) ?? '?'}${input === undefined ? '' : `(${compact(input)})`}`;
}

function summarisePlan(d: Data): string {
  const plan = isRecord(d['plan']) ? d['plan'] : d;
  const steps = Array.isArray(plan['steps']) ? plan['steps'] : [];
  const list = steps.map((s, i) =>
    isRecord(s) ? `${i + 1}. ${call(s['tool'], s['input'])}` : `${i + 1}. ${compact(s)}`,
  );
  return join([
    `planner=${str(plan['planner']) ?? '?'}`,
    str(plan['playbook']) && `playbook=${str(plan['playbook'])}`,
    str(plan['goal']) && `goal="${str(plan['goal'])}"`,
    `steps: ${list.length === 0 ? '(none)' : list.join('; ')}`,
  ]);
}

function summariseDecision(d: Data): string {
  const decision = isRecord(d['decision']) ? { ...d, ...d['decision'] } : d;
  return join([
    str(decision['tool']),
    str(decision['effect']) ?? '?',
    str(decision['risk']) && `risk=${str(decision['risk'])}`,
    str(decision['rule']) && `rule=${str(decision['rule'])}`,
    str(decision['reason']) && `— ${str(decision['reason'])}`,
  ]);
}

const SUMMARISERS: Record<string, (d: Data) => string> = {
  signal: (d) =>
    join([
      str(d['status']) && `[${str(d['status'])}${str(d['severity']) ? `/${str(d['severity'])}` : ''}]`,
      str(d['summary']) ?? compact(d),
      str(d['fingerprint']) && `(fingerprint ${str(d['fingerprint'])})`,
    ]),
  incident: (d) =>
    join([
      str(d['event']) ?? str(d['status']),
      str(d['title']),
      str(d['severity']) && `severity=${str(d['severity'])}`,
    ]),
  plan: summarisePlan,
  decision: summariseDecision,
  'approval.requested': (d) =>
    join([
      str(d['approvalId']) ?? str(d['id']),
      str(d['tool']) && `for ${str(d['tool'])}`,
      isRecord(d['requirements']) && str(d['requirements']['count'])
        ? `needs ${str(d['requirements']['count'])} approval(s)`
        : undefined,
      str(d['expiresAt']) && `expires ${str(d['expiresAt'])}`,
    ]),
  'approval.vote': (d) =>
    join([
      str(d['principal']),
      str(d['decision']) ?? 'voted',
      d['accepted'] === false
        ? `refused${str(d['reason']) ? `: ${str(d['reason'])}` : ''}`
        : d['accepted'] === true
          ? 'accepted'
          : undefined,
      str(d['approvalId']) && `on ${str(d['approvalId'])}`,
    ]),
  'approval.decided': (d) => join([str(d['approvalId']) ?? str(d['id']), `→ ${str(d['status']) ?? '?'}`]),
  'tool.call': (d) =>
    join([
      call(d['tool'], d['input']),
      d['dryRun'] === true ? '[dry-run]' : undefined,
      str(d['attempt']) && `attempt ${str(d['attempt'])}`,
    ]),
  'tool.result': (d) => {
    const result = isRecord(d['result']) ? { ...d, ...d['result'] } : d;
    return join([
      str(result['tool']),
      result['ok'] === true ? 'ok' : result['ok'] === false ? 'failed' : undefined,
      result['dryRun'] === true ? '[dry-run]' : undefined,
      str(result['summary']) ?? str(result['error']) ?? compact(result),
    ]);
  },
  'step.state': (d) =>
    str(d['run']) !== undefined
      ? `run ${str(d['run'])}`
      : join([
          `step ${str(d['index']) ?? str(d['stepId']) ?? '?'}`,
          str(d['tool']),
          `${str(d['from']) ? `${str(d['from'])} → ` : ''}${str(d['to']) ?? str(d['state']) ?? '?'}`,
          str(d['reason']),
        ]),
  command: (d) => str(d['text']) ?? compact(d),
};

function summarise(entry: AuditEntry): string {
  const data = entry.data;
  if (!isRecord(data)) return data === null || data === undefined ? '' : compact(data);
  const summariser = SUMMARISERS[entry.kind];
  try {
    return summariser ? summariser(data) : compact(data);
  } catch {
    return compact(data);
  }
}

/**
 * An incident's story, one line per ledger entry in order: time, kind, actor and a human summary
 * (signals, plans, decisions with their rule, votes, tool calls and results). Unknown data shapes are
 * shown as compact JSON rather than dropped. This is what `watchkeeper playback INC-3` prints.
 */
export function playback(entries: readonly AuditEntry[]): string[] {
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const subject = e.subject === undefined ? '' : ` [${e.subject}]`;
      return `${e.at}  #${e.seq}  ${e.kind.padEnd(18)} ${e.actor}${subject}  ${summarise(e)}`.trimEnd();
    });
}
