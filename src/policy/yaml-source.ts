import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { z } from 'zod';

/** One problem in a policy file, positioned so an operator can jump to it. */
export interface PolicyFileError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** A parsed YAML file that still knows where every node came from. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** The plain JS value, for schema validation. */
  readonly value: unknown;
}

export type YamlPath = readonly PropertyKey[];

/**
 * Parses YAML keeping positions (`parseDocument` + `LineCounter`), so that later schema errors can be
 * mapped back to lines. Syntax errors come back positioned and the source is omitted.
 */
export function parseYamlSource(
  file: string,
  text: string,
): { source: YamlSource; errors: [] } | { errors: PolicyFileError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        message: `YAML syntax error: ${firstLine(e.message)}`,
      })),
    };
  }
  return { source: { file, doc, lineCounter, value: doc.toJS({ maxAliasCount: 100 }) }, errors: [] };
}

/** The line of the deepest node that exists along `path`; with `key`, the line of that map key. */
export function lineOf(source: YamlSource, path: YamlPath, key?: string): number {
  let node: unknown = source.doc.contents;
  let best: Node | undefined = isNode(node) ? node : undefined;
  const steps: PropertyKey[] = key === undefined ? [...path] : [...path, key];
  for (const [i, seg] of steps.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      const last = i === steps.length - 1;
      // For a key named explicitly (unknown keys), point at the key itself.
      const target = last && key !== undefined ? pair.key : (pair.value ?? pair.key);
      if (isNode(target)) best = target;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      if (isNode(item)) best = item;
      node = item;
    } else break;
  }
  const offset = best?.range?.[0];
  return offset === undefined ? 1 : source.lineCounter.linePos(offset).line;
}

/** Maps zod issues to positioned errors: `rules.2.effect: expected one of …`. */
export function issuesToErrors(source: YamlSource, issues: readonly z.core.$ZodIssue[]): PolicyFileError[] {
  const out: PolicyFileError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({
          file: source.file,
          line: lineOf(source, issue.path, key),
          message: `${formatPath([...issue.path, key])}: unknown key`,
        });
      }
      continue;
    }
    out.push({
      file: source.file,
      line: lineOf(source, issue.path),
      message: `${formatPath(issue.path)}: ${issue.message}`,
    });
  }
  return out;
}

/** `rules.2.effect`, or `(root)` for the document itself. */
export function formatPath(path: YamlPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** `file:line: message`, the one format every policy error is shown in (line 0: the whole file). */
export function formatPolicyError(e: PolicyFileError): string {
  return e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim();
}
