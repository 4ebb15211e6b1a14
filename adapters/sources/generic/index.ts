/** Generic JSON webhook source (`POST /hooks/generic`); schema in README.md. */
export { createGenericSource, GENERIC_SOURCE_ID } from './create-generic-source.js';
export type { GenericSourceOptions } from './create-generic-source.js';
export { genericBatchSchema, genericSignalSchema } from './generic-schema.js';
export type { GenericBatch, GenericSignal } from './generic-schema.js';
