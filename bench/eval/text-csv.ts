/** The CSV reader lives with the replay loaders (src/replay/loaders/text-csv.ts); re-exported for the bench. */
export { csvRecords, parseCsv } from '../../src/replay/loaders/text-csv.js';
