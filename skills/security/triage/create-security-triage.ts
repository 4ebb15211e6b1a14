import { systemClock } from '../../../src/core/index.js';
import type { Clock, Signal } from '../../../src/core/index.js';
import { createAccessAnomalyDetector } from '../access/index.js';
import type { AccessAnomalyDetector, AccessAnomalyOptions } from '../access/index.js';
import type { IntelStore } from '../intel/index.js';
import { emptyAssetInventory } from './asset-inventory.js';
import type { AssetInventory } from './asset-inventory.js';
import type { BenignList } from './benign-list.js';
import { createRepetitionCounter } from './repetition-counter.js';
import { scoreSecuritySignal } from './score-security-signal.js';
import type { TriageScore } from './score-security-signal.js';

/** A TriageFn whose verdicts also carry the raw score (0..1), for evaluation and `/wk sec triage`. */
export type SecurityTriageFn = (signal: Signal) => TriageScore | undefined;

/** Rule level 10/15 ≈ 0.67 opens an incident; level 9 (0.6) does not on its own. */
export const DEFAULT_TRIAGE_THRESHOLD = 0.65;

export interface SecurityTriageOptions {
  readonly clock?: Clock;
  readonly assets?: AssetInventory;
  readonly benign?: BenignList;
  /** Threat-intel feeds; matched on every signal. */
  readonly intel?: Pick<IntelStore, 'match'>;
  /** A detector instance to share, or options for a new one; `false` turns access anomalies off. */
  readonly access?: AccessAnomalyDetector | Partial<AccessAnomalyOptions> | false;
  /** 0..1, default 0.65. */
  readonly threshold?: number;
  /** Default 0.25 (≈ level 3 and below). */
  readonly falsePositiveBelow?: number;
  /** Same fingerprint this often within the window counts as repetition (default 5 in 10 min). */
  readonly repetition?: { readonly windowMs: number; readonly threshold: number };
  /** Fingerprints remembered for repetition (default 10 000). */
  readonly maxTrackedKeys?: number;
}

/**
 * The security skill's TriageFn. Stateful (repetition and access anomalies remember recent events, bounded),
 * so create one per app. Non-security signals get no verdict (the pipeline then treats them as usual).
 */
export function createSecurityTriage(options: SecurityTriageOptions = {}): SecurityTriageFn {
  const clock = options.clock ?? systemClock;
  const assets = options.assets ?? emptyAssetInventory();
  const repetition = options.repetition ?? { windowMs: 10 * 60_000, threshold: 5 };
  const counter = createRepetitionCounter({
    windowMs: repetition.windowMs,
    maxKeys: options.maxTrackedKeys ?? 10_000,
  });
  const access =
    options.access === false
      ? undefined
      : isDetector(options.access)
        ? options.access
        : createAccessAnomalyDetector({ ...(options.access ?? {}), clock });
  return (signal: Signal) => {
    if (signal.kind !== 'security') return undefined;
    const at = Date.parse(signal.startsAt);
    return scoreSecuritySignal(signal, {
      assets,
      benign: options.benign?.match(signal.labels),
      intel: options.intel?.match(signal) ?? [],
      anomalies: access?.observe(signal) ?? [],
      repetitions: counter.record(signal.fingerprint, Number.isNaN(at) ? clock.now().getTime() : at),
      repetitionThreshold: repetition.threshold,
      threshold: options.threshold ?? DEFAULT_TRIAGE_THRESHOLD,
      falsePositiveBelow: options.falsePositiveBelow ?? 0.25,
    });
  };
}

function isDetector(v: unknown): v is AccessAnomalyDetector {
  return typeof v === 'object' && v !== null && typeof (v as AccessAnomalyDetector).observe === 'function';
}
