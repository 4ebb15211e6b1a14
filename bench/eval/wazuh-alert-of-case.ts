/** How a Wazuh case is shown to the bot lives with the replay loaders; re-exported for the bench scripts. */
export { WAZUH_INPUT_MODES, decode, wazuhAlertOfCase } from '../../src/replay/loaders/wazuh-alert-of-case.js';
export type { WazuhInputMode } from '../../src/replay/loaders/wazuh-alert-of-case.js';
