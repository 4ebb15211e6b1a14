import { WatchkeeperError } from '../core/index.js';

/**
 * What a playbook template can read. `requiredArgs` is the command's `minArgs`: `{{args.N}}` with
 * N < requiredArgs must be present.
 */
export interface TemplateScope {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  /** String fields of the signal (`summary`, `severity`, `source`, …), when planning for one. */
  readonly signal: Readonly<Record<string, string>>;
  readonly requiredArgs: number;
}

const PLACEHOLDER = /\{\{\s*([a-z]+)\.([A-Za-z0-9_.-]+)\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;
const WHOLE = new RegExp(`^${PLACEHOLDER.source}$`);
const NUMERIC = /^-?\d+(\.\d+)?$/;
const TRUE_WORDS = new Set(['on', 'true', 'yes', 'enable', 'enabled', '1']);
const FALSE_WORDS = new Set(['off', 'false', 'no', 'disable', 'disabled', '0']);
const MISSING: unique symbol = Symbol('missing');

/**
 * Fills a playbook step's input template. The rules (deterministic, so the same signal or command always
 * yields the same step digest):
 * - `{{labels.x}}`, `{{annotations.x}}`, `{{args.N}}`, `{{signal.x}}` read from the scope.
 * - A string that is exactly one placeholder keeps the value's type; a command argument that looks like a
 *   number (`5`, `-2`, `1.5`) becomes a number. Filters: `|string` keeps it a string (versions such as
 *   `3`), `|bool` maps on/off, true/false, yes/no, enable(d)/disable(d), 1/0 to a boolean.
 * - Required values: `{{labels.x}}` always, `{{args.N}}` for N < `requiredArgs`. A missing required
 *   value throws `PLAN_INVALID` naming the placeholder. Any other missing value is optional: a key or
 *   array element that is exactly that placeholder is dropped; inside a longer string it becomes ''.
 * - An unknown namespace or filter is a playbook bug and throws `PLAN_INVALID`.
 */
export function fillTemplate(template: unknown, scope: TemplateScope): unknown {
  const value = fill(template, scope);
  return value === MISSING ? undefined : value;
}

/** Fills the placeholders of a text (a rationale); missing optional values become ''. */
export function fillText(text: string, scope: TemplateScope): string {
  return text.replace(PLACEHOLDER, (...m: string[]) => {
    const value = resolve(m[0] ?? '', m[1] ?? '', m[2] ?? '', m[3], scope);
    return value === MISSING ? '' : String(value);
  });
}

function fill(template: unknown, scope: TemplateScope): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole !== null) return resolve(whole[0], whole[1] ?? '', whole[2] ?? '', whole[3], scope);
    return fillText(template, scope);
  }
  if (Array.isArray(template)) {
    return template.map((t) => fill(t, scope)).filter((v) => v !== MISSING);
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, t] of Object.entries(template)) {
      const v = fill(t, scope);
      if (v !== MISSING) out[key] = v;
    }
    return out;
  }
  return template;
}

function resolve(
  placeholder: string,
  namespace: string,
  name: string,
  filter: string | undefined,
  scope: TemplateScope,
): unknown {
  const { value, required } = lookup(placeholder, namespace, name, scope);
  if (value === undefined || value === '') {
    if (required) {
      throw new WatchkeeperError('PLAN_INVALID', `playbook needs ${placeholder}, which has no value`, {
        placeholder,
      });
    }
    return MISSING;
  }
  return applyFilter(placeholder, filter, value, namespace === 'args');
}

function lookup(
  placeholder: string,
  namespace: string,
  name: string,
  scope: TemplateScope,
): { value: string | undefined; required: boolean } {
  switch (namespace) {
    case 'labels':
      return { value: own(scope.labels, name), required: true };
    case 'annotations':
      return { value: own(scope.annotations, name), required: false };
    case 'signal':
      return { value: own(scope.signal, name), required: false };
    case 'args': {
      if (!/^\d+$/.test(name)) break;
      const index = Number(name);
      return { value: scope.args[index], required: index < scope.requiredArgs };
    }
  }
  throw new WatchkeeperError('PLAN_INVALID', `unknown placeholder ${placeholder} in playbook`, {
    placeholder,
  });
}

function applyFilter(
  placeholder: string,
  filter: string | undefined,
  value: string,
  isArg: boolean,
): unknown {
  if (filter === undefined) return isArg && NUMERIC.test(value) ? Number(value) : value;
  if (filter === 'string') return value;
  if (filter === 'bool') {
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw new WatchkeeperError('PLAN_INVALID', `${placeholder} must be on or off, got "${value}"`, {
      placeholder,
      value,
    });
  }
  throw new WatchkeeperError('PLAN_INVALID', `unknown filter in ${placeholder}`, { placeholder });
}

function own(record: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
