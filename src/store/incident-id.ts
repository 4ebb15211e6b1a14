const INCIDENT_ID = /^inc-(\d+)$/i;

/**
 * Incident ids are `INC-<n>`; operators type them by hand (`inc-3`, ` INC-03`), so every lookup by
 * incident id goes through this. Other strings are returned unchanged.
 */
export function normaliseIncidentId(id: string): string {
  const m = INCIDENT_ID.exec(id.trim());
  return m ? `INC-${Number(m[1])}` : id;
}
