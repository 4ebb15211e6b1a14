export { createTracer, type TracerOptions } from './create-tracer.js';
export { otlpSettings, parseOtlpHeaders, type OtlpEnv, type OtlpSettings } from './otlp-settings.js';
export { tracePlanner } from './trace-planner.js';
