import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { WatchkeeperError } from '../../core/index.js';
import type { ReplayRecord } from '../replay-record.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * ../shared/eval-data/holmesgpt-investigate (robusta-dev/holmesgpt, Apache-2.0; see its NOTICE) as
 * replay records: each investigation's alert posted to the Alertmanager hook with the labels the bench
 * (bench/eval/holmesgpt.ts) gives it (alertname; namespace; the object it names as `service`, so the
 * operations skill claims it). Labels: routing → `operations`; the case's `expected_output` sentences
 * as facts, judged by the lexical judge (`factsMatch: words`); `destructive: false`: the cases ask for
 * an investigation, so a restart, rollback or scale is not warranted. The recorded tool outputs are not
 * used: in shadow mode nothing runs, so the diagnostics that would read them never execute.
 */
export function loadHolmesgptReplay(dir: string): ReplayRecord[] {
  if (!existsSync(dir)) throw new WatchkeeperError('NOT_FOUND', `no holmesgpt investigations under ${dir}`);
  return readdirSync(dir)
    .filter((d) => /^\d\d_/.test(d) && existsSync(join(dir, d, 'investigate_request.json')))
    .sort()
    .map((id): ReplayRecord => {
      const request = obj(JSON.parse(readFileSync(join(dir, id, 'investigate_request.json'), 'utf8')));
      const expected = obj(parse(readFileSync(join(dir, id, 'test_case.yaml'), 'utf8')))['expected_output'];
      const facts = (Array.isArray(expected) ? expected : [expected]).filter(
        (f): f is string => typeof f === 'string' && f.trim() !== '',
      );
      const subject = obj(request['subject']);
      const context = obj(request['context']);
      const alertname = (str(context['issue_type']) ?? str(request['title']) ?? 'Alert').replace(/\.$/, '');
      const description = str(request['description']);
      const labels: Record<string, string> = {
        alertname,
        severity: 'critical',
        ...(str(subject['namespace']) === undefined ? {} : { namespace: String(subject['namespace']) }),
        ...(str(subject['name']) === undefined ? {} : { service: String(subject['name']) }),
        ...(str(subject['node']) === undefined ? {} : { node: String(subject['node']) }),
        ...(str(subject['container']) === undefined ? {} : { container: String(subject['container']) }),
      };
      const summary = `${alertname}${description === undefined ? '' : `: ${description}`}`;
      return {
        id: `holmesgpt:${id}`,
        source: 'alertmanager',
        body: {
          version: '4',
          groupKey: `{}:{alertname="${alertname}", case="${id}"}`,
          status: 'firing',
          receiver: 'replay',
          alerts: [
            {
              status: 'firing',
              labels,
              annotations: { summary, ...(description === undefined ? {} : { description }) },
              startsAt: '2026-01-01T00:00:00Z',
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: id,
            },
          ],
        },
        expect: {
          skill: 'operations',
          ...(facts.length === 0 ? {} : { facts, factsMatch: 'words' as const }),
          destructive: false,
        },
      };
    });
}
