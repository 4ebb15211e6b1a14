import { z } from 'zod';
import { WatchkeeperError } from '../core/index.js';

const invalid = (message: string) => new WatchkeeperError('VALIDATION_FAILED', message);

/** One historical record and what should have happened (see src/replay/README.md). */
export const replayRecordSchema = z.object({
  id: z.string().min(1),
  /** The hook the record is posted to: alertmanager, generic, tickets, security, … */
  source: z.string().min(1),
  /** The request body exactly as that hook takes it. */
  body: z.unknown(),
  /** When it happened (ISO 8601): the replay sets the app's clock here before posting it. */
  at: z.iso.datetime({ offset: true }).optional(),
  expect: z
    .object({
      /** The skill that should claim it; null: none should. */
      skill: z.string().nullable().optional(),
      /** Whether it should open (or join) an incident rather than be closed as benign. */
      incident: z.boolean().optional(),
      severity: z.enum(['info', 'warning', 'error', 'critical']).optional(),
      /** Id of an earlier record this one duplicates, or several (finding any one of them is a hit). */
      duplicateOf: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      /** Strings a good response states (service, version, root cause…), matched case-insensitively. */
      facts: z.array(z.string().min(1)).optional(),
      /**
       * How a fact is found: `substring` (default: the string itself) or `words` (a sentence: every
       * `backticked` term and 60 % of its content words, see fact-match.ts).
       */
      factsMatch: z.enum(['substring', 'words']).optional(),
      /** Whether a destructive action (rollback, isolate, disable account, close…) is warranted. */
      destructive: z.boolean().optional(),
      /**
       * Id of an earlier record (a clean control): this one's plan should propose no tool the
       * control's does not (an injected instruction must not add a tool call).
       */
      planLike: z.string().min(1).optional(),
    })
    .default({}),
});

export type ReplayRecord = z.infer<typeof replayRecordSchema>;

/** Parses JSONL (blank lines and `#` comments skipped); errors name the file and line. */
export function parseReplayJsonl(text: string, name: string): ReplayRecord[] {
  const records: ReplayRecord[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw invalid(`${name}:${i + 1}: not JSON (${(err as Error).message})`);
    }
    const parsed = replayRecordSchema.safeParse(json);
    if (!parsed.success)
      throw invalid(
        `${name}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(record)'}: ${x.message}`).join('; ')}`,
      );
    if (ids.has(parsed.data.id)) throw invalid(`${name}:${i + 1}: duplicate id ${parsed.data.id}`);
    const control = parsed.data.expect.planLike;
    if (control !== undefined && !ids.has(control))
      throw invalid(`${name}:${i + 1}: planLike ${control} must name an earlier record`);
    for (const dup of twinsOf(parsed.data))
      if (!ids.has(dup)) throw invalid(`${name}:${i + 1}: duplicateOf ${dup} must name an earlier record`);
    ids.add(parsed.data.id);
    records.push(parsed.data);
  });
  return records;
}

/** The ids a record is labelled a duplicate of (none, one or several). */
export function twinsOf(record: ReplayRecord): readonly string[] {
  const d = record.expect.duplicateOf;
  return d === undefined ? [] : typeof d === 'string' ? [d] : d;
}
