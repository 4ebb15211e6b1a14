import type { Drill } from './drill.js';
import { alertStormDrill } from './scenarios/alert-storm.js';
import { badDeployDrill } from './scenarios/bad-deploy.js';
import { dependencyFailureDrill } from './scenarios/dependency-failure.js';
import { phishingDrill } from './scenarios/phishing.js';
import { ticketFloodDrill } from './scenarios/ticket-flood.js';

/** Every drill `watchkeeper drill <name>` and `/wk drill <name>` know, by name. */
export const DRILLS: readonly Drill[] = [
  dependencyFailureDrill,
  alertStormDrill,
  badDeployDrill,
  ticketFloodDrill,
  phishingDrill,
];

export function findDrill(name: string): Drill | undefined {
  return DRILLS.find((d) => d.name === name.toLowerCase());
}
