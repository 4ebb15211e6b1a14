import type { ChatPrompt } from './build-plan-prompt.js';

/** What one model call returned: the raw text, why it stopped, and the tokens it cost. */
export interface ModelAnswer {
  readonly content: string;
  readonly finishReason?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/**
 * The planner's view of a chat model. The LangChain implementation lives in create-openai-plan-model.ts;
 * the planner itself never sees LangChain types. `responseFormat` is the strict JSON-schema format.
 */
export interface PlanModel {
  readonly name: string;
  complete(prompt: ChatPrompt, responseFormat: unknown, signal: AbortSignal): Promise<ModelAnswer>;
}
