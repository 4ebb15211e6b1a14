/** The lexical fact judge lives in src/replay/fact-match.ts (the replay uses it too); re-exported for the bench. */
export { statesFact } from '../../src/replay/fact-match.js';
