/** The Wazuh ruleset-test reader lives with the replay loaders; re-exported for the bench scripts. */
export { loadWazuhCases, loadWazuhRules } from '../../src/replay/loaders/wazuh-cases.js';
export type { WazuhCase, WazuhRule } from '../../src/replay/loaders/wazuh-cases.js';
