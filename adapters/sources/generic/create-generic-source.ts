import { canonicalJson, sha256Hex, systemClock, validate } from '../../../src/core/index.js';
import type { Clock, SignalDraft, SignalSource } from '../../../src/core/index.js';
import { genericBatchSchema, genericSignalSchema } from './generic-schema.js';
import type { GenericSignal } from './generic-schema.js';

/** The source id, and the path segment of `POST /hooks/generic`. */
export const GENERIC_SOURCE_ID = 'generic';

export interface GenericSourceOptions {
  /** Supplies `startsAt` when a signal has none. */
  readonly clock?: Clock;
}

/**
 * Parses the generic JSON webhook: one signal object or `{ signals: [...] }` (schema in
 * `generic-schema.ts` and this folder's README). Invalid input throws a ValidationError naming the fields.
 */
export function createGenericSource(options: GenericSourceOptions = {}): SignalSource {
  const clock = options.clock ?? systemClock;
  return {
    id: GENERIC_SOURCE_ID,
    parse: (body) => {
      // Chosen by shape rather than z.union, so errors name the real field (`signals.2.title`).
      const signals = isBatch(body)
        ? validate(genericBatchSchema, body, 'generic signal batch').signals
        : [validate(genericSignalSchema, body, 'generic signal')];
      return signals.map((s) => toDraft(s, clock));
    },
  };
}

function toDraft(signal: GenericSignal, clock: Clock): SignalDraft {
  const labels = signal.labels ?? {};
  const fingerprint =
    signal.fingerprint ?? sha256Hex(canonicalJson({ title: signal.title, labels })).slice(0, 16);
  return {
    source: GENERIC_SOURCE_ID,
    kind: signal.kind ?? 'alert',
    status: signal.status ?? 'firing',
    severity: signal.severity ?? 'warning',
    fingerprint,
    groupKey: `generic:${signal.group ?? fingerprint}`,
    labels,
    annotations: signal.annotations ?? {},
    summary: signal.title,
    startsAt: signal.startsAt === undefined ? clock.now().toISOString() : normaliseTime(signal.startsAt),
    raw: signal,
  };
}

function isBatch(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'signals');
}

/** RFC 3339 with any offset or precision → ISO UTC, so stored times compare as strings. */
function normaliseTime(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
