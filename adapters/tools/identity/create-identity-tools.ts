import { z } from 'zod';
import { ToolError } from '../../../src/core/index.js';
import type { Tool, ToolContext, ToolResult } from '../../../src/core/index.js';
// The identity provider speaks JSON over HTTP like the EDR; both use the same careful caller.
import { callJsonApi } from '../edr/call-json-api.js';
import type { JsonApiOptions } from '../edr/call-json-api.js';

export interface IdentityToolsOptions {
  /** Base URL of the SCIM 2.0 service (the part before `/Users`) and its bearer token. */
  readonly api: JsonApiOptions;
  /**
   * Session revocation is not part of SCIM; providers expose it differently (Okta
   * `DELETE /api/v1/users/{id}/sessions`, Keycloak `POST /admin/realms/<realm>/users/{id}/logout`).
   * `{id}` is replaced by the user's SCIM id. Default `DELETE /Users/{id}/sessions`.
   */
  readonly revokeSessions?: { readonly method: 'POST' | 'DELETE'; readonly path: string };
  readonly environment?: string;
}

const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SCIM_TYPE = 'application/scim+json';

const account = z.coerce
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(/^[^\s"\\]+$/, {
    message: 'expected a user name or id without spaces or quotes',
  });
const accountInput = z.object({ account });
export type IdentityAccountInput = z.infer<typeof accountInput>;

interface ScimUser {
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
}

/**
 * Identity containment through SCIM 2.0 (RFC 7644): disable/enable a user by PATCHing `active`, and
 * revoke a user's sessions through the provider's configured endpoint. Accounts are found by
 * `userName` (filter `userName eq "…"`), else taken as the SCIM id. Disabling and enabling undo each
 * other; revoking sessions cannot be undone (people sign in again), so it declares no rollback.
 */
export function createIdentityTools(options: IdentityToolsOptions): Tool[] {
  const { api } = options;
  const env = options.environment ?? 'production';
  const revoke = options.revokeSessions ?? { method: 'DELETE', path: '/Users/{id}/sessions' };

  const findUser = async (name: string, ctx: ToolContext): Promise<ScimUser> => {
    const filter = encodeURIComponent(`userName eq "${name}"`);
    const list = await callJsonApi(api, {
      method: 'GET',
      path: `/Users?filter=${filter}`,
      signal: ctx.signal,
    });
    const found = scimUser(firstResource(list.body));
    if (found !== undefined) return found;
    const byId = await callJsonApi(api, {
      method: 'GET',
      path: `/Users/${encodeURIComponent(name)}`,
      signal: ctx.signal,
    });
    const user = byId.status === 404 ? undefined : scimUser(byId.body);
    if (user === undefined) throw new ToolError(`unknown account "${name}" at the identity provider`, false);
    return user;
  };

  const activeTool = (disable: boolean): Tool<IdentityAccountInput> => {
    const verb = disable ? 'disable' : 'enable';
    return {
      name: `idp.${verb}_account`,
      description: disable
        ? 'Disable a user at the identity provider (SCIM active=false).'
        : 'Re-enable a user at the identity provider (SCIM active=true).',
      input: accountInput,
      risk: 'critical',
      reversible: true,
      scope: 'security:idp.users',
      target: (i) => ({ environment: env, asset: i.account, tags: ['identity'] }),
      dryRun: async (i, ctx) => {
        const user = await findUser(i.account, ctx);
        const already = user.active === !disable;
        return {
          ok: true,
          summary: already
            ? `nothing to do: ${user.userName} is already ${disable ? 'disabled' : 'enabled'}`
            : `would ${verb} ${user.userName} (${user.id})`,
          data: { dryRun: true, id: user.id, changed: !already },
        };
      },
      run: async (i, ctx) => {
        const user = await findUser(i.account, ctx);
        if (user.active === !disable) {
          return result(false, `${user.userName} is already ${disable ? 'disabled' : 'enabled'}`, user.id);
        }
        const res = await callJsonApi(api, {
          method: 'PATCH',
          path: `/Users/${encodeURIComponent(user.id)}`,
          contentType: SCIM_TYPE,
          body: { schemas: [SCIM_PATCH], Operations: [{ op: 'replace', path: 'active', value: !disable }] },
          idempotencyKey: ctx.idempotencyKey,
          signal: ctx.signal,
        });
        if (res.status === 404)
          throw new ToolError(`account ${user.id} vanished at the identity provider`, false);
        return result(true, `${user.userName} (${user.id}) ${disable ? 'disabled' : 'enabled'}`, user.id);
      },
      rollback: (i, r) =>
        changed(r)
          ? { tool: `idp.${disable ? 'enable' : 'disable'}_account`, input: { account: i.account } }
          : undefined,
    };
  };

  const revokeTool: Tool<IdentityAccountInput> = {
    name: 'idp.revoke_sessions',
    description: 'Revoke every session and refresh token of a user at the identity provider.',
    input: accountInput,
    risk: 'critical',
    reversible: false,
    scope: 'security:idp.sessions',
    target: (i) => ({ environment: env, asset: i.account, tags: ['identity'] }),
    dryRun: async (i, ctx) => {
      const user = await findUser(i.account, ctx);
      return {
        ok: true,
        summary: `would sign ${user.userName} (${user.id}) out everywhere`,
        data: { dryRun: true, id: user.id },
      };
    },
    run: async (i, ctx) => {
      const user = await findUser(i.account, ctx);
      const res = await callJsonApi(api, {
        method: revoke.method,
        path: revoke.path.replace('{id}', encodeURIComponent(user.id)),
        idempotencyKey: ctx.idempotencyKey,
        signal: ctx.signal,
      });
      if (res.status === 404) throw new ToolError(`no session endpoint for ${user.id} (HTTP 404)`, false);
      return result(true, `${user.userName} (${user.id}) signed out of every session`, user.id);
    },
  };

  return [activeTool(true), activeTool(false), revokeTool];
}

function result(didChange: boolean, summary: string, id: string): ToolResult {
  return { ok: true, summary, data: { changed: didChange, id } };
}

function changed(r: ToolResult): boolean {
  return (
    r.ok &&
    r.data !== null &&
    typeof r.data === 'object' &&
    (r.data as { changed?: unknown }).changed === true
  );
}

function firstResource(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  const resources = (body as { Resources?: unknown }).Resources;
  return Array.isArray(resources) ? resources[0] : undefined;
}

function scimUser(body: unknown): ScimUser | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b['id'] !== 'string') return undefined;
  return {
    id: b['id'],
    userName: typeof b['userName'] === 'string' ? b['userName'] : b['id'],
    // SCIM: `active` absent means active.
    active: b['active'] !== false,
  };
}
