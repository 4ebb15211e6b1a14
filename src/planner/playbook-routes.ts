import type { HttpRoute, PlaybookRevisionRepository, Skill } from '../core/index.js';

/**
 * `GET /api/playbooks` (console auth): every skill's playbook with the version in use, and for a revised
 * one when, by whom and from which proposal. `GET /api/playbooks/:id` adds every version with its diff.
 */
export function createPlaybookRoutes(o: {
  skills: () => readonly Skill[];
  revisions: PlaybookRevisionRepository;
}): HttpRoute[] {
  const all = () => o.skills().flatMap((s) => s.playbooks.map((p) => ({ skill: s.id, playbook: p })));
  return [
    {
      method: 'GET',
      path: '/api/playbooks',
      auth: 'console',
      handle: async () => {
        const current = new Map(o.revisions.currentAll().map((r) => [r.playbook, r]));
        return {
          status: 200,
          body: {
            playbooks: all().map(({ skill, playbook }) => {
              const r = current.get(playbook.id);
              return {
                id: playbook.id,
                skill,
                description: playbook.description,
                trigger: playbook.trigger,
                version: r?.version ?? 1,
                steps: (r?.steps ?? playbook.steps).map((s) => ({
                  tool: s.tool,
                  ...(s.suggestedRisk === undefined ? {} : { suggestedRisk: s.suggestedRisk }),
                })),
                ...(r === undefined
                  ? {}
                  : {
                      revisedAt: r.createdAt,
                      requestedBy: r.requestedBy,
                      approvedBy: r.approvedBy,
                      cause: r.cause,
                      ...(r.proposalId === undefined ? {} : { proposalId: r.proposalId }),
                    }),
              };
            }),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/playbooks/:id',
      auth: 'console',
      handle: async (req) => {
        const id = req.params['id'] ?? '';
        const found = all().find((p) => p.playbook.id === id);
        if (found === undefined)
          return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no playbook ${id}` } } };
        return {
          status: 200,
          body: {
            id,
            skill: found.skill,
            builtIn: found.playbook,
            versions: o.revisions.list(id),
          },
        };
      },
    },
  ];
}
