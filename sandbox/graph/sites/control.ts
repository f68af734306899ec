import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { driveJson } from '../drive/serialize.js';
import type { SiteRow } from './schema.js';
import { siteJson } from './serialize.js';
import { addLibrary, createSite, ensureRootSite, librariesOf, membersOf, setMembers, siteById, sitesOfTenant } from './store.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });
const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

/**
 * The sites part of the control API: create sites, say who may read them (everyone in the tenant,
 * or members), add document libraries. `{tenant}` is a tenant id or any of its users (id or UPN);
 * `{site}` a site id, or a site name when only one tenant has it.
 */
export function registerSitesControl(app: FastifyInstance, ctx: SandboxContext): void {
  const tenant = (key: unknown): string => {
    if (typeof key !== 'string' || !key) throw fail(400, "'tenant' (a tenant id or one of its users) is required");
    const user = ctx.directory.userById(key) ?? ctx.directory.userByEmail(key);
    if (user) return user.tenantId;
    if (ctx.directory.usersInTenant(key).length) return key;
    throw fail(404, `no such tenant: ${key}`);
  };
  const user = (key: unknown): string => {
    const u = typeof key === 'string' ? ctx.directory.userById(key) ?? ctx.directory.userByEmail(key) : undefined;
    if (!u) throw fail(404, `no such user: ${String(key)}`);
    return u.id;
  };
  const site = (key: string): SiteRow => {
    const byId = siteById(ctx.db, key);
    if (byId) return byId;
    const named = ctx.db.prepare('SELECT * FROM gs_site WHERE lower(name) = lower(?)').all(key) as SiteRow[];
    if (named.length === 1) return named[0]!;
    throw fail(named.length ? 400 : 404, named.length ? `several sites are named ${key}; use its id` : `no such site: ${key}`);
  };
  const view = (s: SiteRow) => ({ ...siteJson(s), everyone: s.everyone === 1, members: membersOf(ctx.db, s.id), drives: librariesOf(ctx, s).map((d) => driveJson(ctx, d, s.display_name)) });

  app.get('/control/sites', async (req) => {
    const t = tenant((req.query as { tenant?: string }).tenant);
    ensureRootSite(ctx, t);
    return { value: sitesOfTenant(ctx.db, t).map(view) };
  });
  app.post('/control/sites', async (req, reply) => {
    const b = body(req);
    const t = tenant(b.tenant);
    if (typeof b.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(b.name)) throw fail(400, "'name' (the URL name: letters, digits, - and _) is required");
    if (ctx.db.prepare('SELECT 1 FROM gs_site WHERE tenant_id = ? AND lower(name) = lower(?)').get(t, b.name)) throw fail(409, `the tenant already has a site named ${b.name}`);
    const members = Array.isArray(b.members) ? b.members.map(user) : [];
    const s = createSite(ctx, {
      tenantId: t, name: b.name, everyone: b.everyone !== false && !members.length || b.everyone === true, members,
      ...(typeof b.displayName === 'string' ? { displayName: b.displayName } : {}), ...(typeof b.description === 'string' ? { description: b.description } : {}),
    });
    return reply.code(201).send(view(s));
  });
  app.get('/control/sites/:site', async (req) => view(site((req.params as { site: string }).site)));
  app.put('/control/sites/:site/members', async (req) => {
    const b = body(req);
    const members = Array.isArray(b.members) ? b.members.map(user) : [];
    return view(setMembers(ctx, site((req.params as { site: string }).site), b.everyone === true, members));
  });
  app.post('/control/sites/:site/drives', async (req, reply) => {
    const b = body(req);
    if (typeof b.name !== 'string' || !b.name.trim()) throw fail(400, "'name' is required");
    const s = site((req.params as { site: string }).site);
    return reply.code(201).send(driveJson(ctx, addLibrary(ctx, s, b.name.trim(), typeof b.description === 'string' ? b.description : ''), s.display_name));
  });
}
