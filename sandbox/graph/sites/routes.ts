import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { graphBase } from '../http/route.js';
import { reachDrive } from '../drive/access.js';
import { parseAddress } from '../drive/address.js';
import { serve } from '../drive/dispatch.js';
import { driveNotFound, invalidRequest, notAllowed } from '../drive/errors.js';
import { begin, type DriveCall } from '../drive/route.js';
import { requireAny, SITES_READ } from '../drive/scopes.js';
import { driveJson } from '../drive/serialize.js';
import { driveById } from '../drive/store.js';
import { canRead, readableSite } from './access.js';
import type { SiteRow } from './schema.js';
import { siteJson } from './serialize.js';
import { ensureRootSite, librariesOf, siteById, siteByPath, sitesOfTenant } from './store.js';

/** Splits `/sites/…` into the site key and what follows: `root`, `{id}`, or `{hostname}:/sites/Name:` (closing colon optional at the end). */
function splitSite(rest: string): { key: { root: true } | { id: string } | { host: string; path: string }; tail: string } {
  const raw = rest.replace(/%3a/gi, ':');
  const hostPath = /^([^/:]+):(\/[^:]*)(?::(.*))?$/.exec(raw);
  if (hostPath) return { key: { host: decodeURIComponent(hostPath[1]!), path: decodeURIComponent(hostPath[2]!) }, tail: hostPath[3] ?? '' };
  const slash = raw.indexOf('/');
  const first = decodeURIComponent(slash < 0 ? raw : raw.slice(0, slash));
  const tail = slash < 0 ? '' : raw.slice(slash);
  if (first.toLowerCase() === 'root') return { key: { root: true }, tail };
  // `/sites/contoso.sharepoint.com` alone is the root site of that host.
  if (!first.includes(',')) return { key: { host: first, path: '/' }, tail };
  return { key: { id: first }, tail };
}

/**
 * SharePoint sites: `GET /sites?search=` (the sites the user can read whose name, title or
 * description contains the text; `*` for all), `/sites/root`, `/sites/{id}` and
 * `/sites/{hostname}:/sites/{name}`, their libraries (`/drives`, `/drive`) and everything below
 * a library as on any drive. Sites.Read.All (or Sites.ReadWrite.All) is needed throughout.
 */
export function registerSiteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const rest = path.replace(/^\/v1\.0\/sites\/?/i, '');
    const claims = await begin(ctx, req, `${req.method} /sites${rest ? '/…' : ''}`);
    requireAny(claims, SITES_READ);
    const base = graphBase(ctx, req);
    const query = req.query as Record<string, string | undefined>;
    if (!rest) {
      if (req.method !== 'GET') throw notAllowed(`${req.method} is not supported on sites.`);
      ensureRootSite(ctx, claims.tenantId);
      const words = (query.search ?? '*').toLowerCase().split(/\s+/).filter((w) => w && w !== '*');
      const found = sitesOfTenant(ctx.db, claims.tenantId).filter((s) => canRead(ctx, s, claims.userId)
        && words.every((w) => `${s.name} ${s.display_name} ${s.description}`.toLowerCase().includes(w)));
      return { '@odata.context': `${base}/v1.0/$metadata#sites`, value: found.map(siteJson) };
    }
    const { key, tail } = splitSite(rest);
    let site: SiteRow | undefined;
    if ('root' in key) site = ensureRootSite(ctx, claims.tenantId);
    else if ('id' in key) site = siteById(ctx.db, key.id);
    else site = siteByPath(ctx, claims.tenantId, key.host, key.path);
    site = readableSite(ctx, site, claims.userId);

    const segs = tail.split('/').filter(Boolean);
    if (!segs.length || segs[0] === 'sites' || segs[0] === 'drives' && segs.length === 1) {
      if (req.method !== 'GET') throw notAllowed(`${req.method} is not supported here.`);
      if (!segs.length) return { '@odata.context': `${base}/v1.0/$metadata#sites/$entity`, ...siteJson(site) };
      if (segs[0] === 'sites') return { '@odata.context': `${base}/v1.0/$metadata#sites`, value: [] };
      return { '@odata.context': `${base}/v1.0/$metadata#drives`, value: librariesOf(ctx, site).map((d) => driveJson(ctx, d, site.display_name)) };
    }
    let driveId: string | undefined;
    let driveRest: string;
    if (segs[0] === 'drive') {
      driveId = librariesOf(ctx, site)[0]?.id;
      driveRest = tail.replace(/^\/drive/, '');
    } else if (segs[0] === 'drives') {
      driveId = decodeURIComponent(segs[1]!);
      driveRest = tail.replace(/^\/drives\/[^/]+/, '');
    } else {
      throw invalidRequest(`Resource not found for the segment '${segs[0]}'.`);
    }
    const drive = driveId ? driveById(ctx.db, driveId) : undefined;
    if (!drive || drive.site_id !== site.id) throw driveNotFound();
    const reached = reachDrive(ctx, claims, drive);
    const a = parseAddress(driveRest);
    const call: DriveCall = { req, reply, ctx, claims, drive: reached.drive, pathBase: `/drives/${drive.id}`, writeScopes: reached.writeScopes, query, base };
    return serve(call, a, site.display_name);
  };
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v1.0/sites', handler });
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v1.0/sites/*', handler });
}
