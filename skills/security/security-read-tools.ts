import { z } from 'zod';
import { ToolError } from '../../src/core/index.js';
import type { Incident, Signal, Tool, TriageVerdict } from '../../src/core/index.js';
import { defineSecurityReadTool } from './define-security-read-tool.js';
import type { SecurityReadPorts } from './security-ports.js';
import { fenceUntrusted, inlineUntrusted } from './untrusted-text.js';

const id = z.coerce.string().trim().min(1).max(200);

/** Labels worth a line when a security event is shown. */
const SHOWN_LABELS = ['format', 'rule_id', 'rule_level', 'host', 'user', 'src_ip', 'domain', 'file_hash'];

/** `sec.triage_event` (low): shows a stored event's triage verdict with its reasons. */
export function createTriageEventTool(ports: SecurityReadPorts): Tool<{ event: string }> {
  return defineSecurityReadTool({
    name: 'sec.triage_event',
    description: 'Show the triage verdict of a stored security event, with its reasons.',
    input: z.object({ event: id }),
    asset: (i) => i.event,
    read: ({ event }) => {
      const signal = ports.signal(event);
      if (signal === undefined) throw new ToolError(`no stored event ${event}`, false, { event });
      if (signal.kind !== 'security') {
        throw new ToolError(`event ${event} is a ${signal.kind} signal, not a security event`, false);
      }
      const verdict = ports.triage?.(signal);
      return {
        ok: true,
        summary: [
          eventText(signal),
          ...(verdict === undefined ? ['no triage configured'] : verdictLines(verdict)),
        ].join('\n'),
        data: { event: signal.id, ...(verdict === undefined ? {} : { verdict }) },
      };
    },
  });
}

/** `sec.incidents` (low): the security skill's incidents, newest first. */
export function createSecurityIncidentsTool(ports: SecurityReadPorts): Tool<{ status?: string | undefined }> {
  return defineSecurityReadTool({
    name: 'sec.incidents',
    description: 'List security incidents (open by default; open, mitigated, resolved or all).',
    input: z.object({ status: z.enum(['open', 'mitigated', 'resolved', 'all']).optional() }),
    read: ({ status }) => {
      const wanted = status ?? 'open';
      const list = ports
        .incidents({ ...(wanted === 'all' ? {} : { status: wanted }), limit: 200 })
        .filter((i) => i.skill === 'security')
        .slice(0, 20);
      return {
        ok: true,
        summary: list.length === 0 ? `No ${wanted} security incidents.` : list.map(incidentLine).join('\n'),
        data: { incidents: list.map((i) => i.id) },
      };
    },
  });
}

/** `sec.intel_lookup` (low): looks an IP, domain, hash or user up in the loaded threat-intel feeds. */
export function createIntelLookupTool(ports: SecurityReadPorts): Tool<{ indicator: string }> {
  return defineSecurityReadTool({
    name: 'sec.intel_lookup',
    description: 'Look an indicator (IP, domain, file hash, user) up in the threat-intel feeds.',
    input: z.object({ indicator: z.coerce.string().trim().min(1).max(500) }),
    asset: (i) => i.indicator,
    read: ({ indicator }) => {
      if (ports.intel === undefined) throw new ToolError('no threat-intel feeds are loaded', false);
      const hits = ports.intel.lookup(indicator);
      const head = `${inlineUntrusted(indicator)}: ${hits.length === 0 ? 'no match in the intel feeds' : `${hits.length} match${hits.length === 1 ? '' : 'es'}`}`;
      const lines = hits
        .slice(0, 10)
        .map(
          (h) =>
            `• ${h.type} ${inlineUntrusted(h.indicator)} from ${inlineUntrusted(h.source)}${h.confidence === undefined ? '' : ` (confidence ${h.confidence})`}${h.description === undefined ? '' : `: ${inlineUntrusted(h.description)}`}`,
        );
      return { ok: true, summary: [head, ...lines].join('\n'), data: { indicator, matches: hits.length } };
    },
  });
}

/** `sec.intel_refresh` (low): reloads the threat-intel feeds from disk. */
export function createIntelRefreshTool(ports: SecurityReadPorts): Tool<Record<string, never>> {
  return defineSecurityReadTool({
    name: 'sec.intel_refresh',
    description: 'Reload the threat-intel feeds (STIX 2.1 bundles and CSV) from data/intel/.',
    input: z.object({}).strict() as z.ZodType<Record<string, never>>,
    read: () => {
      const refresh = ports.intel?.refresh;
      if (refresh === undefined) throw new ToolError('no threat-intel feeds are configured', false);
      const r = refresh();
      return {
        ok: true,
        summary: `intel feeds reloaded: ${r.indicators} indicators from ${r.sources.length} source${r.sources.length === 1 ? '' : 's'}`,
        data: r,
      };
    },
  });
}

/** `sec.vulns` (low): patch and configuration recommendations from the vulnerability feed. */
export function createVulnsTool(ports: SecurityReadPorts): Tool<{ asset?: string | undefined }> {
  return defineSecurityReadTool({
    name: 'sec.vulns',
    description: 'Patch recommendations from OSV advisories matched against the asset inventory.',
    input: z.object({ asset: z.coerce.string().trim().min(1).max(200).optional() }),
    asset: (i) => i.asset,
    read: ({ asset }) => {
      if (ports.vulns === undefined) throw new ToolError('no vulnerability feed is configured', false);
      const recs = ports.vulns(asset);
      const where = asset === undefined ? 'the inventory' : inlineUntrusted(asset);
      if (recs.length === 0)
        return { ok: true, summary: `No known vulnerabilities in ${where}.`, data: { count: 0 } };
      const lines = recs.slice(0, 15).map((r) => {
        const assets = r.assets.map((a) => `${a.asset}@${a.version}`).join(', ');
        const fixed =
          r.fixedVersions.length === 0 ? 'no fixed version yet' : `fixed in ${r.fixedVersions.join(', ')}`;
        return `• [${r.risk}] ${r.id} ${r.package} on ${assets}: ${fixed}. ${inlineUntrusted(r.recommendation, 200)}`;
      });
      return {
        ok: true,
        summary: [
          `${recs.length} recommendation${recs.length === 1 ? '' : 's'} for ${where}:`,
          ...lines,
        ].join('\n'),
        data: { count: recs.length, ids: recs.map((r) => r.id) },
      };
    },
  });
}

function eventText(s: Signal): string {
  const labels = SHOWN_LABELS.flatMap((k) => {
    const v = s.labels[k];
    return v === undefined || v === '' ? [] : [`${k}=${inlineUntrusted(v, 80)}`];
  });
  return [`event ${s.id} [${s.severity}] ${labels.join(' ')}`, fenceUntrusted(s.summary)].join('\n');
}

function verdictLines(v: TriageVerdict): string[] {
  return [
    `verdict: ${v.verdict} (confidence ${v.confidence.toFixed(2)}), severity ${v.severity}; ${v.openIncident ? 'opens an incident' : 'recorded, no incident'}`,
    ...v.reasons.map((r) => `  - ${inlineUntrusted(r, 200)}`),
  ];
}

function incidentLine(i: Incident): string {
  const host = i.labels['host'];
  const rule = i.labels['rule_name'];
  return `${i.status === 'open' ? '🔴' : i.status === 'mitigated' ? '🟡' : '🟢'} ${i.id} [${i.severity}] ${inlineUntrusted(i.title, 100)}${host === undefined ? '' : ` host=${inlineUntrusted(host, 60)}`}${rule === undefined ? '' : ` rule=${inlineUntrusted(rule, 60)}`} · ${i.signalCount} event${i.signalCount === 1 ? '' : 's'}`;
}
