import { canonicalJson, sha256Hex, systemClock, validate, ValidationError } from '../../../src/core/index.js';
import type { Clock, SignalDraft, SignalSource } from '../../../src/core/index.js';
import { detectSecurityFormat } from './detect-security-format.js';
import { normaliseSecurityEvent } from './normalise-security-event.js';
import type { NormalisedSecurityEvent } from './normalise-security-event.js';
import {
  falcoEventSchema,
  genericSecurityEventSchema,
  sigmaMatchSchema,
  wazuhAlertSchema,
} from './security-schemas.js';
import type { SecurityFormat } from './security-labels.js';

/** The source id, and the path segment of `POST /hooks/security`. */
export const SECURITY_SOURCE_ID = 'security';
const MAX_BATCH = 1000;

export interface SecuritySourceOptions {
  /** Supplies `startsAt` when an event carries no usable time. */
  readonly clock?: Clock;
}

const SCHEMAS = {
  wazuh: wazuhAlertSchema,
  falco: falcoEventSchema,
  sigma: sigmaMatchSchema,
  generic: genericSecurityEventSchema,
} as const;

/**
 * Parses `POST /hooks/security`: one event, an array of events, or `{ "events": [...] }`; each a Wazuh
 * alert, a Falco event (also falcosidekick's webhook), a Sigma-matched event or the generic schema, told
 * apart by shape. Any bad event rejects the whole body with a ValidationError naming `<index>.<field>`,
 * so nothing of a half-valid batch is stored.
 */
export function createSecuritySource(options: SecuritySourceOptions = {}): SignalSource {
  const clock = options.clock ?? systemClock;
  return {
    id: SECURITY_SOURCE_ID,
    parse: (body) => {
      const batch = Array.isArray(body) ? body : isEnvelope(body) ? body.events : undefined;
      const events: unknown[] = batch ?? [body];
      if (batch !== undefined && (batch.length === 0 || batch.length > MAX_BATCH)) {
        throw new ValidationError(`a security batch holds 1 to ${MAX_BATCH} events`, [
          { path: '(root)', message: `expected 1 to ${MAX_BATCH} events, got ${batch.length}` },
        ]);
      }
      const issues: { path: string; message: string }[] = [];
      const drafts: SignalDraft[] = [];
      events.forEach((event, index) => {
        const prefix = batch === undefined ? '' : `${index}.`;
        try {
          drafts.push(toDraft(parseOne(event), event, clock));
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          issues.push(...err.issues.map((i) => ({ path: `${prefix}${i.path}`, message: i.message })));
        }
      });
      if (issues.length > 0) {
        throw new ValidationError(
          `invalid security event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        );
      }
      return drafts;
    },
  };
}

function parseOne(event: unknown): NormalisedSecurityEvent {
  const format: SecurityFormat | undefined = detectSecurityFormat(event);
  if (format === undefined) {
    throw new ValidationError('unrecognised security event', [
      {
        path: '(root)',
        message:
          'not a Wazuh alert (rule.level), Falco event (rule + priority), Sigma match (rule.title + event) or generic event (title)',
      },
    ]);
  }
  return normaliseSecurityEvent(format, validate(SCHEMAS[format], event, `${format} security event`));
}

function toDraft(e: NormalisedSecurityEvent, raw: unknown, clock: Clock): SignalDraft {
  const l = e.labels;
  // Repeats of one rule against one host/user/source fold together; the key holds no free text.
  const identity = {
    format: e.format,
    rule: l['rule_id'] ?? l['rule_name'],
    host: l['host'],
    user: l['user'],
    src: l['src_ip'],
  };
  const fingerprint = e.fingerprint ?? sha256Hex(canonicalJson(identity)).slice(0, 16);
  const group =
    e.group ??
    sha256Hex(canonicalJson({ rule: identity.rule, host: identity.host ?? identity.src })).slice(0, 16);
  return {
    source: SECURITY_SOURCE_ID,
    kind: 'security',
    status: 'firing',
    severity: e.severity,
    fingerprint,
    groupKey: `security:${group}`,
    labels: l,
    annotations: e.annotations,
    summary: e.summary,
    startsAt: normaliseTime(e.time) ?? clock.now().toISOString(),
    raw,
  };
}

function isEnvelope(body: unknown): body is { events: unknown[] } {
  return (
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    Array.isArray((body as Record<string, unknown>)['events'])
  );
}

/** Any parseable time → ISO UTC; nanosecond fractions (Falco) are cut to milliseconds first. */
function normaliseTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value
    .trim()
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  // Windows `UtcTime` (`2026-04-17 05:24:53.079`) has no zone and is UTC by definition.
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
