/**
 * CVSS v3.0/3.1 base score from a vector string (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` → 9.8).
 * Undefined for anything else (CVSS v2 and v4 vectors are not scored here).
 * @see https://www.first.org/cvss/v3.1/specification-document#7-4-Metric-Values
 */
const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

export function cvss3BaseScore(vector: string): number | undefined {
  if (!/^CVSS:3\.[01]\//.test(vector)) return undefined;
  const m = new Map(
    vector
      .split('/')
      .slice(1)
      .map((p) => p.split(':') as [string, string]),
  );
  const get = <T extends Record<string, number>>(table: T, key: string): number | undefined =>
    table[m.get(key) as keyof T] as number | undefined;
  const av = get(W.AV, 'AV');
  const ac = get(W.AC, 'AC');
  const ui = get(W.UI, 'UI');
  const c = get(W.CIA, 'C');
  const i = get(W.CIA, 'I');
  const a = get(W.CIA, 'A');
  const scope = m.get('S');
  const prKey = m.get('PR');
  if (
    av === undefined ||
    ac === undefined ||
    ui === undefined ||
    c === undefined ||
    i === undefined ||
    a === undefined
  )
    return undefined;
  if ((scope !== 'U' && scope !== 'C') || (prKey !== 'N' && prKey !== 'L' && prKey !== 'H')) return undefined;
  const changed = scope === 'C';
  const pr = prKey === 'N' ? 0.85 : prKey === 'L' ? (changed ? 0.68 : 0.62) : changed ? 0.5 : 0.27;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  const raw = changed
    ? Math.min(1.08 * (impact + exploitability), 10)
    : Math.min(impact + exploitability, 10);
  return roundUp(raw);
}

/** CVSS "Roundup": smallest one-decimal number ≥ the input, robust to float noise. */
function roundUp(x: number): number {
  const i = Math.round(x * 100_000);
  return i % 10_000 === 0 ? i / 100_000 : (Math.floor(i / 10_000) + 1) / 10;
}
