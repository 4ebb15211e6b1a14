import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Tool } from '../../src/core/index.js';

/** One recorded tool output of a HolmesGPT investigation case: the call it answers and its text. */
export interface Recording {
  readonly file: string;
  readonly tool: string;
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly output: string;
}

/** Reads every `*.txt` recording of a case: line 1 is `{tool_name, match_params}`, the rest the output. */
export function loadRecordings(caseDir: string): Recording[] {
  return readdirSync(caseDir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((file) => {
      const text = readFileSync(join(caseDir, file), 'utf8');
      const nl = text.indexOf('\n');
      try {
        const head = JSON.parse(nl < 0 ? text : text.slice(0, nl)) as {
          tool_name?: unknown;
          match_params?: unknown;
        };
        if (typeof head.tool_name !== 'string') return [];
        const params =
          head.match_params !== null && typeof head.match_params === 'object'
            ? (head.match_params as Record<string, unknown>)
            : null;
        return [{ file, tool: head.tool_name, params, output: nl < 0 ? '' : text.slice(nl + 1) }];
      } catch {
        return [];
      }
    });
}

/** A recording answers a call when the tool matches and each recorded param equals the call's (`*` = any). */
export function findRecording(
  recordings: readonly Recording[],
  tool: string,
  params: Readonly<Record<string, string>>,
): Recording | undefined {
  const norm = (v: unknown): string => String(v ?? '').replace(/\/+$/, '');
  return recordings.find(
    (r) =>
      r.tool === tool &&
      Object.entries(r.params ?? {}).every(
        ([k, v]) => v === null || v === '*' || (params[k] !== undefined && norm(params[k]) === norm(v)),
      ),
  );
}

const input = z.object({ tool: z.string().min(1), params: z.record(z.string(), z.string()) });

/**
 * The fake diagnostic tool of the replay: read-only, low risk, answers from the case's recordings and says
 * so when there is none (such a call counts against tool precision).
 */
export function recordedDiagnosticTool(
  recordings: readonly Recording[],
  calls: { tool: string; recorded: boolean }[],
): Tool<z.infer<typeof input>> {
  return {
    name: 'diagnostics.recorded',
    description: 'Kubernetes/observability diagnostics served from recorded outputs (evaluation only).',
    input,
    risk: 'low',
    reversible: false,
    scope: 'diagnostics:read',
    target: () => ({ environment: 'eval' }),
    run: async (i) => {
      const r = findRecording(recordings, i.tool, i.params);
      calls.push({ tool: i.tool, recorded: r !== undefined });
      return r === undefined
        ? { ok: false, summary: `no recording for ${i.tool} ${JSON.stringify(i.params)}` }
        : { ok: true, summary: r.output };
    },
  };
}
