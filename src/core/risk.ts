/** Risk tiers, ordered. A planner may raise a step's risk, never lower it. */
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];

export function riskRank(risk: Risk): number {
  return RISKS.indexOf(risk);
}

export function maxRisk(...risks: readonly (Risk | undefined)[]): Risk {
  let best: Risk = 'low';
  for (const r of risks) if (r !== undefined && riskRank(r) > riskRank(best)) best = r;
  return best;
}
