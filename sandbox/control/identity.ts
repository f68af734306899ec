import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import type { DirectoryUser } from '../core/directory.js';
import type { IdentityPlatform } from '../identity/platform.js';
import { AadError } from '../identity/errors.js';
import { parseScopes } from '../identity/scopes.js';

interface TenantBody { displayName: string; domain: string; id?: string }
interface UserBody { userPrincipalName: string; displayName?: string; password: string; isAdmin?: boolean; id?: string }
interface AppBody { clientId?: string; clientSecret?: string; displayName?: string; redirectUris: string[] }

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: { code: 'notFound', message: `${what} not found` } });
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: { code: 'badRequest', message } });
}

/** The identity part of the control API (documented in sandbox/README.md). */
export async function registerIdentityControl(app: FastifyInstance, ctx: SandboxContext, p: IdentityPlatform, caFile: string): Promise<void> {
  const tenantView = (id: string) => {
    const t = p.directory.tenant(id)!;
    return { ...t, users: p.directory.usersInTenant(t.id) };
  };
  const withUser = (ref: string, reply: FastifyReply, fn: (u: DirectoryUser) => object): FastifyReply => {
    const user = p.findUser(ref);
    return user ? reply.send(fn(user)) : notFound(reply, `user '${ref}'`);
  };

  app.get('/control/info', async () => ({
    urls: ctx.urls,
    caFile,
    authority: `${ctx.urls.login}/organizations`,
    tenants: p.directory.tenants().map((t) => tenantView(t.id)),
    apps: p.apps.list(),
    accessTokenLifetimeSec: p.accessTokenLifetimeSec(),
  }));

  app.get('/control/tenants', async () => p.directory.tenants().map((t) => tenantView(t.id)));

  app.post<{ Body: TenantBody }>('/control/tenants', async (req, reply) => {
    const { displayName, domain, id } = req.body ?? ({} as TenantBody);
    if (!displayName || !domain) return badRequest(reply, 'displayName and domain are required');
    const tenant = p.directory.createTenant({ displayName, domain, id });
    return reply.code(201).send(tenantView(tenant.id));
  });

  app.get<{ Params: { tenant: string } }>('/control/tenants/:tenant/users', async (req, reply) => {
    const tenant = p.directory.tenant(req.params.tenant);
    return tenant ? reply.send(p.directory.usersInTenant(tenant.id)) : notFound(reply, 'tenant');
  });

  app.post<{ Params: { tenant: string }; Body: UserBody }>('/control/tenants/:tenant/users', async (req, reply) => {
    const tenant = p.directory.tenant(req.params.tenant);
    if (!tenant) return notFound(reply, 'tenant');
    if (!req.body?.userPrincipalName || !req.body.password) return badRequest(reply, 'userPrincipalName and password are required');
    return reply.code(201).send(p.directory.createUser(tenant, req.body));
  });

  app.put<{ Params: { tenant: string }; Body: { scopes: string[] } }>('/control/tenants/:tenant/admin-only-scopes', async (req, reply) => {
    const tenant = p.directory.tenant(req.params.tenant);
    if (!tenant) return notFound(reply, 'tenant');
    try {
      const scopes = [...parseScopes((req.body?.scopes ?? []).join(' ')).scopes];
      p.directory.setAdminOnlyScopes(tenant.id, scopes);
      return reply.send(tenantView(tenant.id));
    } catch (err) {
      if (err instanceof AadError) return badRequest(reply, err.message);
      throw err;
    }
  });

  app.post<{ Body: AppBody }>('/control/apps', async (req, reply) => {
    if (!Array.isArray(req.body?.redirectUris) || !req.body.redirectUris.length) return badRequest(reply, 'redirectUris is required');
    return reply.code(201).send(p.apps.register(req.body));
  });

  app.get('/control/apps', async () => p.apps.list());

  app.post<{ Params: { user: string } }>('/control/users/:user/revoke-sessions', async (req, reply) =>
    withUser(req.params.user, reply, (u) => { p.revokeSessions(u.id); return { revoked: true, userId: u.id }; }));

  app.post<{ Params: { user: string } }>('/control/users/:user/revoke-grants', async (req, reply) =>
    withUser(req.params.user, reply, (u) => { p.revokeGrants(u.id); return { revoked: true, userId: u.id }; }));

  app.post<{ Params: { user: string } }>('/control/users/:user/age-refresh-tokens', async (req, reply) =>
    withUser(req.params.user, reply, (u) => ({ aged: p.ageRefreshTokens(u.id), userId: u.id })));

  app.get<{ Params: { user: string } }>('/control/users/:user/grants', async (req, reply) =>
    withUser(req.params.user, reply, (u) => ({
      userId: u.id,
      apps: p.apps.list().map((a) => ({ clientId: a.clientId, user: [...p.grants.userGrant(u.id, a.clientId)], tenant: [...p.grants.tenantGrant(u.tenantId, a.clientId)] })),
    })));

  app.get('/control/identity/stats', async () => ({ tokenRequests: Object.fromEntries(p.tokenRequests) }));
  app.post('/control/identity/stats/reset', async () => {
    p.tokenRequests.clear();
    return { tokenRequests: {} };
  });

  app.put<{ Body: { seconds: number } }>('/control/identity/access-token-lifetime', async (req, reply) => {
    const seconds = Number(req.body?.seconds);
    if (!Number.isInteger(seconds) || seconds < 1) return badRequest(reply, 'seconds must be a positive integer');
    p.settings.set('accessTokenLifetimeSec', String(seconds));
    return reply.send({ accessTokenLifetimeSec: seconds });
  });
}
