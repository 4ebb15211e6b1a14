import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Memory } from '../../src/core/index.js';

/** One Markdown runbook from `data/kb/`. */
export interface Runbook {
  /** Memory id: `kb:<file>:<content hash>`, so an edited runbook is indexed anew and the old one ignored. */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly text: string;
  /** The numbered or bulleted steps under the first "Fix"/"Resolution"/"Steps" heading, else the first ones. */
  readonly steps: readonly string[];
  /** Services named in a `services:` line. */
  readonly services: readonly string[];
  /** The text under a "Reply to customers" heading: what a drafted reply may say. */
  readonly customerReply?: string;
}

/** Reads every `*.md` in `dir` (absent dir → none). */
export function loadRunbooks(dir: string): Runbook[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((file) => parseRunbook(file, readFileSync(join(dir, file), 'utf8')));
}

export function parseRunbook(file: string, text: string): Runbook {
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? file.replace(/\.md$/, '');
  const services = (/^services?:\s*(.+)$/im.exec(text)?.[1] ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const lines = text.split('\n');
  const fixAt = lines.findIndex((l) => /^#{2,}\s*(fix|resolution|steps|what to do|remedy)/i.test(l));
  const from = fixAt === -1 ? 0 : fixAt + 1;
  const steps: string[] = [];
  for (const line of lines.slice(from)) {
    if (fixAt !== -1 && /^#{1,}\s/.test(line) && steps.length > 0) break;
    const m = /^\s*(?:\d+[.)]|[-*])\s+(.+)$/.exec(line);
    if (m?.[1] !== undefined) steps.push(m[1].trim());
    if (steps.length >= 5) break;
  }
  const replyAt = lines.findIndex((l) => /^#{2,}\s*(reply to customers?|customer reply)/i.test(l));
  const replyEnd = lines.findIndex((l, n) => n > replyAt && /^#{1,}\s/.test(l));
  const customerReply =
    replyAt === -1
      ? undefined
      : lines
          .slice(replyAt + 1, replyEnd === -1 ? undefined : replyEnd)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim();
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return {
    id: `kb:${file}:${hash}`,
    file,
    title,
    text,
    steps,
    services,
    ...(customerReply === undefined || customerReply === '' ? {} : { customerReply }),
  };
}

/** Indexes the runbooks into memory (kind `kb`); remembering the same id twice is a no-op. */
export function indexRunbooks(memory: Memory, runbooks: readonly Runbook[]): void {
  for (const r of runbooks)
    memory.remember({
      kind: 'kb',
      id: r.id,
      title: r.title,
      text: r.text,
      ...(r.services[0] === undefined ? {} : { component: r.services[0] }),
    });
}
