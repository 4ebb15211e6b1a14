import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { issuesToErrors, parseYamlSource } from './yaml-source.js';
import type { PolicyFileError, YamlSource } from './yaml-source.js';

export type ReadResult<T> =
  | { readonly ok: true; readonly source: YamlSource; readonly data: T }
  | {
      readonly ok: false;
      readonly errors: readonly PolicyFileError[];
      /** Present when the YAML parsed but failed the schema, so callers can still cross-check it. */
      readonly source?: YamlSource;
    };

/**
 * Reads one YAML policy file and validates it against `schema`; every failure (missing file, syntax,
 * schema) comes back as positioned errors rather than an exception, so a loader can list them all.
 */
export function readPolicyYaml<S extends z.ZodType>(file: string, schema: S): ReadResult<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, errors: [{ file, line: 0, message: `cannot read file (${code})` }] };
  }
  const parsed = parseYamlSource(file, text);
  if (!('source' in parsed)) return { ok: false, errors: parsed.errors };
  const result = schema.safeParse(parsed.source.value);
  if (!result.success) {
    return { ok: false, errors: issuesToErrors(parsed.source, result.error.issues), source: parsed.source };
  }
  return { ok: true, source: parsed.source, data: result.data };
}
