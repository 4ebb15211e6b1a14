import { z } from 'zod';
import { RISKS } from '../core/index.js';

/**
 * What the model must answer, as a zod schema sent as a strict `json_schema` response format. Every field
 * is required (`.nullable()` instead of `.optional()`, no records), because OpenAI's strict mode rejects
 * anything else. A step's `input` is a JSON-encoded object: tool inputs differ per tool and strict mode has
 * no "any object"; the input is then parsed and checked against the tool's own zod schema.
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 */
export const llmPlanSchema = z.object({
  summary: z.string().describe('One sentence: what is going on and what the plan does about it.'),
  steps: z.array(
    z.object({
      tool: z.string().describe('Exact tool name from the catalogue.'),
      input: z.string().describe('The tool input as a JSON object encoded in a string, matching its schema.'),
      rationale: z.string().describe('Why this step, in one sentence.'),
      evidence: z.array(z.string()).describe('Facts from the context this step relies on.'),
      risk: z.enum(RISKS).nullable().describe('Your view of the risk; null to accept the declared risk.'),
    }),
  ),
});

export type LlmPlan = z.output<typeof llmPlanSchema>;

/** The `response_format` sent with every planning request. */
export function planResponseFormat(): {
  type: 'json_schema';
  json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
} {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(llmPlanSchema) as Record<string, unknown>;
  return { type: 'json_schema', json_schema: { name: 'watchkeeper_plan', strict: true, schema } };
}
