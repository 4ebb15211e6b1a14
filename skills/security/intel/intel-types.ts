import type { Severity } from '../../../src/core/index.js';

export type IndicatorType = 'ipv4' | 'ipv6' | 'cidr' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256' | 'user';

/** One indicator of compromise from a local feed. `value` is normalised (lower case, no trailing dot). */
export interface Indicator {
  readonly type: IndicatorType;
  readonly value: string;
  /** The feed file it came from. */
  readonly source: string;
  readonly id?: string;
  readonly name?: string;
  readonly description?: string;
  /** 0..100 (STIX confidence). */
  readonly confidence?: number;
  readonly severity?: Severity;
  readonly validUntil?: string;
}

/** A value seen in an event, with the label it came from. */
export interface Observable {
  readonly type: IndicatorType;
  readonly value: string;
  readonly field: string;
}

export interface IntelMatch {
  readonly indicator: Indicator;
  readonly observable: Observable;
}
