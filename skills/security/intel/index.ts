/** Threat intel: STIX 2.1 bundles and CSV feeds from data/intel/, matched against a signal's observables. */
export { createIntelStore } from './create-intel-store.js';
export type { IntelStore, IntelStoreOptions, IntelRefreshResult } from './create-intel-store.js';
export { parseStixBundle } from './parse-stix-bundle.js';
export { parseIntelCsv } from './parse-intel-csv.js';
export { observablesOf, classifyIndicator } from './observables.js';
export type { Indicator, IndicatorType, IntelMatch, Observable } from './intel-types.js';
