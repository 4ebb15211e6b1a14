import { SEVERITIES, WatchkeeperError, labelPattern, severityRank, type Severity } from '../core/index.js';

/** What a subscription filter is matched against: an incident's severity and labels. */
export interface FilterSubject {
  readonly severity: Severity;
  readonly labels: Readonly<Record<string, string>>;
}

type Clause =
  | { readonly kind: 'severity'; readonly op: '>=' | '=' | '<='; readonly value: Severity }
  | { readonly kind: 'label'; readonly key: string; readonly op: '=' | '!='; readonly pattern: RegExp };

/**
 * Parses `severity>=warning service=checkout team!=web env=prod*` into a predicate. Clauses are ANDed;
 * label values may use `*` globs and `a|b` alternatives. An empty filter matches everything.
 */
export function parseSubscriptionFilter(text: string): (subject: FilterSubject) => boolean {
  const clauses = text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '*' && t.toLowerCase() !== 'all')
    .map(parseClause);
  return (subject) => clauses.every((c) => matches(c, subject));
}

function parseClause(token: string): Clause {
  const m = /^([A-Za-z_][\w.-]*)(>=|<=|!=|=)(.+)$/.exec(token);
  if (m === null)
    throw new WatchkeeperError(
      'COMMAND_INVALID',
      `bad filter "${token}": expected key=value, key!=value or severity>=level`,
    );
  const [, key = '', op = '=', value = ''] = m;
  if (key === 'severity') {
    const v = value.toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(v)) {
      throw new WatchkeeperError(
        'COMMAND_INVALID',
        `bad severity "${value}": one of ${SEVERITIES.join(', ')}`,
      );
    }
    if (op === '!=') throw new WatchkeeperError('COMMAND_INVALID', 'severity takes >=, <= or =');
    return { kind: 'severity', op: op as '>=' | '=' | '<=', value: v as Severity };
  }
  if (op !== '=' && op !== '!=')
    throw new WatchkeeperError('COMMAND_INVALID', `label "${key}" takes = or !=`);
  return { kind: 'label', key, op, pattern: labelPattern(value) };
}

function matches(c: Clause, s: FilterSubject): boolean {
  if (c.kind === 'severity') {
    const diff = severityRank(s.severity) - severityRank(c.value);
    return c.op === '>=' ? diff >= 0 : c.op === '<=' ? diff <= 0 : diff === 0;
  }
  const value = s.labels[c.key];
  const hit = value !== undefined && c.pattern.test(value);
  return c.op === '=' ? hit : !hit;
}
