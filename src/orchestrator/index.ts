export { createOrchestrator, type OrchestratorOptions, type RunningOrchestrator } from './orchestrator.js';
