/** A generic HTTP feature-flag API tool (flags.set). */
export { createFeatureFlagTools } from './create-feature-flag-tools.js';
export type { FeatureFlagToolsOptions } from './create-feature-flag-tools.js';
