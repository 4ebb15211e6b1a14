import { HumanMessage, SystemMessage, type UsageMetadata } from '@langchain/core/messages';
import { ChatOpenAI, type ChatOpenAICallOptions } from '@langchain/openai';
import type { PlanModel } from './plan-model.js';

export interface OpenAiModelOptions {
  readonly apiKey: string;
  /** OpenAI-compatible server, e.g. `http://127.0.0.1:11434/v1` (Ollama); default api.openai.com. */
  readonly baseURL?: string;
  readonly model: string;
  readonly temperature: number;
  /** Per HTTP request. */
  readonly timeoutMs: number;
  readonly maxTokens: number;
  /** LangChain's own retries (exponential, randomized) for 5xx, timeouts and hinted 429s. */
  readonly retries: number;
}

/**
 * A {@link PlanModel} over LangChain's `ChatOpenAI` (Chat Completions API). The answer's format is a
 * strict `response_format: json_schema`, passed as a plain JSON schema, so the SDK does not parse it:
 * the raw text always comes back, and validation (and its audit) stays ours. Tool calling would work
 * too, but a malformed answer then lands in `invalid_tool_calls` and a whole plan is one call anyway.
 * @see ../../../shared/protocols.md §5
 */
export function createOpenAiPlanModel(o: OpenAiModelOptions): PlanModel {
  const chat = new ChatOpenAI({
    model: o.model,
    apiKey: o.apiKey,
    temperature: o.temperature,
    maxTokens: o.maxTokens,
    timeout: o.timeoutMs,
    maxRetries: o.retries,
    ...(o.baseURL === undefined ? {} : { configuration: { baseURL: o.baseURL } }),
  });
  return {
    name: o.model,
    async complete(prompt, responseFormat, signal) {
      const message = await chat.invoke([new SystemMessage(prompt.system), new HumanMessage(prompt.user)], {
        response_format: responseFormat as NonNullable<ChatOpenAICallOptions['response_format']>,
        signal,
      });
      const usage = message.usage_metadata as UsageMetadata | undefined;
      const meta: Record<string, unknown> = message.response_metadata;
      const content =
        typeof message.content === 'string'
          ? message.content
          : message.content
              .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
              .join('');
      const finish = meta['finish_reason'];
      return {
        content,
        ...(typeof finish === 'string' ? { finishReason: finish } : {}),
        inputTokens: usage?.input_tokens ?? 0,
        outputTokens: usage?.output_tokens ?? 0,
      };
    },
  };
}
