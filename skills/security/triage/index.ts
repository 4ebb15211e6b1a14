/** Security triage: a TriageFn giving each security signal a verdict, confidence, severity and reasons. */
export { createSecurityTriage, DEFAULT_TRIAGE_THRESHOLD } from './create-security-triage.js';
export type { SecurityTriageFn, SecurityTriageOptions } from './create-security-triage.js';
export { scoreSecuritySignal } from './score-security-signal.js';
export type { TriageContext, TriageScore } from './score-security-signal.js';
export { parseAssetInventory, loadAssetInventory, emptyAssetInventory } from './asset-inventory.js';
export type { Asset, AssetInventory, AssetPackage, AssetCriticality } from './asset-inventory.js';
export { parseBenignList, loadBenignList, emptyBenignList } from './benign-list.js';
export type { BenignList, BenignRule } from './benign-list.js';
export { createRepetitionCounter } from './repetition-counter.js';
export type { RepetitionCounter } from './repetition-counter.js';
export { detectLogPatterns } from './log-pattern-detectors.js';
export type { LogPatternHit } from './log-pattern-detectors.js';
export { tacticsOfTechniques, TECHNIQUE_TACTICS } from './attack-tactics.js';
