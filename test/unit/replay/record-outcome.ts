import type { RecordOutcome } from '../../../src/replay/index.js';

/** A replay outcome with nothing found, opened or proposed, except what the test names. */
export const outcome = (o: Partial<RecordOutcome> & { id: string }): RecordOutcome => ({
  incidentId: null,
  opened: false,
  skill: null,
  severity: null,
  duplicateRank: null,
  factsFound: 0,
  destructiveProposed: false,
  planTools: [],
  unapprovedExecutions: 0,
  responseMs: 0,
  ...o,
});
