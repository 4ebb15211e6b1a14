import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { validate } from '../../../src/core/index.js';
import type { Clock } from '../../../src/core/index.js';

/**
 * `data/security-benign.yaml`: events the team has judged benign (scanners they run, a backup job's sudo),
 * each with the reason shown in the verdict. A rule matches when every `match` entry matches a label:
 * a string (exact, case-insensitive; `*` is a wildcard), a list of such strings, or for `src_ip`/`dst_ip`
 * an IPv4 CIDR. Rules past `until` stop matching, so exceptions expire instead of lingering.
 */
const matchValue = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const ruleSchema = z.object({
  id: z.string().min(1),
  reason: z.string().min(1),
  match: z
    .record(z.string(), matchValue)
    .refine((m) => Object.keys(m).length > 0, 'match needs at least one label'),
  until: z.iso.datetime({ offset: true }).optional(),
});
const listSchema = z.object({ benign: z.array(ruleSchema).default([]) });

export type BenignRule = z.infer<typeof ruleSchema>;

export interface BenignList {
  readonly rules: readonly BenignRule[];
  /** The first live rule matching these labels. */
  match(labels: Readonly<Record<string, string>>): BenignRule | undefined;
}

export function parseBenignList(yamlText: string, clock: Clock, what = 'benign list'): BenignList {
  const { benign } = validate(listSchema, parse(yamlText) ?? {}, what);
  const compiled = benign.map((rule) => ({
    rule,
    until: rule.until === undefined ? Infinity : Date.parse(rule.until),
    tests: Object.entries(rule.match).map(([label, v]) => {
      const patterns = (Array.isArray(v) ? v : [v]).map((p) => compile(label, p));
      return (labels: Readonly<Record<string, string>>): boolean => {
        const value = labels[label];
        return value !== undefined && patterns.some((p) => p(value));
      };
    }),
  }));
  return {
    rules: benign,
    match: (labels) => {
      const now = clock.now().getTime();
      return compiled.find((c) => c.until > now && c.tests.every((t) => t(labels)))?.rule;
    },
  };
}

export function loadBenignList(path: string, clock: Clock): BenignList {
  return parseBenignList(readFileSync(path, 'utf8'), clock, path);
}

export function emptyBenignList(clock: Clock): BenignList {
  return parseBenignList('benign: []', clock);
}

function compile(label: string, pattern: string): (value: string) => boolean {
  const cidr = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(pattern);
  if (cidr !== null && (label === 'src_ip' || label === 'dst_ip')) {
    const bits = Number(cidr[2]);
    const base = ipv4ToInt(cidr[1] ?? '');
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (value) => {
      const ip = ipv4ToInt(value);
      return ip !== undefined && base !== undefined && (ip & mask) >>> 0 === (base & mask) >>> 0;
    };
  }
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const re = new RegExp(`^${escaped}$`, 'i');
  return (value) => re.test(value);
}

export function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}
