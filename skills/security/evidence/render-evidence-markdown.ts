import type { EvidenceBundle } from './evidence-types.js';

/**
 * The human-readable export. Untrusted text (event summaries, labels, tool output) goes into fenced
 * blocks or inline code with backticks neutralised, so an event cannot inject Markdown or links.
 */
export function renderEvidenceMarkdown(b: EvidenceBundle): string {
  const i = b.incident;
  const lines: string[] = [
    `# Evidence bundle: ${code(i.id)}`,
    '',
    `- Title: ${code(i.title)}`,
    `- Status: ${i.status} · severity ${i.severity} · skill ${i.skill ?? 'none'}`,
    `- Opened: ${i.openedAt}${i.resolvedAt === null ? '' : ` · resolved ${i.resolvedAt}`}`,
    `- Generated: ${b.generatedAt}`,
    `- Bundle SHA-256: ${code(b.integrity.bundleSha256)} (recorded in the audit ledger at seq ${b.integrity.auditSeq})`,
    '',
    `## Triggering events (${b.events.length})`,
    '',
  ];
  for (const e of b.events) {
    lines.push(`### ${code(e.id)} from ${code(e.source)} [${e.severity}] at ${e.startsAt}`, '');
    lines.push(fenced(e.summary), '');
    const labels = Object.entries(e.labels).map(([k, v]) => `${code(k)}=${code(v)}`);
    if (labels.length > 0) lines.push(`Labels: ${labels.join(' ')}`, '');
  }
  lines.push('## Enrichment', '');
  if (b.enrichment.length === 0) lines.push('None recorded.', '');
  for (const e of b.enrichment)
    lines.push(`- ${code(e.event)}:`, fenced(JSON.stringify(e.triage ?? e.labels ?? {}, null, 2)));
  lines.push('', '## Actions taken', '');
  if (b.actions.length === 0) lines.push('None.', '');
  else {
    lines.push(
      '| Step | Tool | State | Risk | Rule | Requested by | Approved by | Result |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const a of b.actions) {
      lines.push(
        `| ${code(a.step)} | ${code(a.tool)} | ${a.state} | ${a.risk ?? ''} | ${code(a.rule ?? '')} | ${code(a.requestedBy)} | ${a.approvedBy.map(code).join(', ')} | ${code(a.result ?? '')} |`,
      );
    }
    lines.push('');
    for (const a of b.actions.filter((x) => x.release !== undefined)) {
      lines.push(
        `- Release for ${code(a.step)}: ${code(`${a.release?.tool ?? ''} ${JSON.stringify(a.release?.input)}`)}`,
      );
    }
    lines.push('');
  }
  lines.push('## Timeline', '');
  for (const t of b.timeline)
    lines.push(`- ${t.at} #${t.seq} ${t.kind} by ${code(t.actor)}: ${code(t.what)}`);
  lines.push('', '## Artefacts', '', '| Name | Kind | SHA-256 |', '|---|---|---|');
  for (const a of b.artefacts) lines.push(`| ${code(a.name)} | ${a.kind} | ${code(a.sha256)} |`);
  lines.push('');
  return lines.join('\n');
}

/** Inline code with backticks and table pipes neutralised, newlines flattened. */
function code(text: string): string {
  const clean = text
    .replace(/`/g, 'ˋ')
    .replace(/\|/g, '¦')
    .replace(/\s*\n\s*/g, ' ⏎ ');
  return `\`${clean.length > 300 ? `${clean.slice(0, 300)}…` : clean}\``;
}

function fenced(text: string): string {
  return ['```text', text.replace(/`{3,}/g, (run) => run.split('').join('\u200b')), '```'].join('\n');
}
