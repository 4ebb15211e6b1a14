import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { validate } from '../../../src/core/index.js';

/**
 * The parts of the OSV schema the matcher reads. Unknown fields pass through.
 * @see https://ossf.github.io/osv-schema/
 */
const eventSchema = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});
const rangeSchema = z.looseObject({
  type: z.enum(['SEMVER', 'ECOSYSTEM', 'GIT']),
  events: z.array(eventSchema).min(1),
});
const affectedSchema = z.looseObject({
  package: z.looseObject({
    ecosystem: z.string().min(1),
    name: z.string().min(1),
    purl: z.string().optional(),
  }),
  ranges: z.array(rangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});
const severitySchema = z.looseObject({ type: z.string(), score: z.string() });
export const osvAdvisorySchema = z.looseObject({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(severitySchema).optional(),
  affected: z.array(affectedSchema).default([]),
  references: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

export type OsvAdvisory = z.infer<typeof osvAdvisorySchema>;
export type OsvAffected = z.infer<typeof affectedSchema>;
export type OsvRange = z.infer<typeof rangeSchema>;

export function parseOsvAdvisory(json: unknown, what = 'OSV advisory'): OsvAdvisory {
  return validate(osvAdvisorySchema, json, what);
}

/**
 * Every `*.json` in `dir` (one advisory per file, or an array of them, as osv.dev's exports ship).
 * A bad file throws a ValidationError naming it: advisories decide patch advice, so none is silently dropped.
 */
export function loadOsvAdvisories(dir: string): OsvAdvisory[] {
  const out: OsvAdvisory[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const items = Array.isArray(json) ? json : [json];
    items.forEach((item, i) =>
      out.push(parseOsvAdvisory(item, `${file}${Array.isArray(json) ? `[${i}]` : ''}`)),
    );
  }
  return out;
}
