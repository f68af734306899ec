import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { authenticate } from '../http/auth.js';
import { graphBase } from '../http/route.js';
import { registerSiteRoutes } from '../sites/routes.js';
import { reachDriveById, reachUserDrive, type Reached } from './access.js';
import { parseAddress } from './address.js';
import { endpointOf, serve } from './dispatch.js';
import { registerDownloadRoute } from './download.js';
import { begin, type DriveCall } from './route.js';
import { requireAny, OWN_READ } from './scopes.js';
import { driveJson } from './serialize.js';
import { ensureUserDrive } from './store.js';
import { registerUploadUrlRoutes } from './uploadUrl.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `/v1.0/me/drive…`, `/v1.0/users/{key}/drive…`, `/v1.0/drives/{id}…`: which drive, the rest of the raw path, and the path base parentReference.path uses. */
const PREFIXES: Array<{ pattern: RegExp; reach: (ctx: SandboxContext, m: RegExpExecArray) => (c: Parameters<typeof reachUserDrive>[1]) => Reached; pathBase: (m: RegExpExecArray) => string }> = [
  { pattern: /^\/v1\.0\/me\/drive(\/.*)?$/i, reach: (ctx) => (c) => reachUserDrive(ctx, c, undefined), pathBase: () => '/drive' },
  { pattern: /^\/v1\.0\/users\/([^/]+)\/drive(\/.*)?$/i, reach: (ctx, m) => (c) => reachUserDrive(ctx, c, decodeURIComponent(m[1]!)), pathBase: () => '/drive' },
  { pattern: /^\/v1\.0\/drives\/([^/]+)(\/.*)?$/i, reach: (ctx, m) => (c) => reachDriveById(ctx, c, decodeURIComponent(m[1]!)), pathBase: (m) => `/drives/${decodeURIComponent(m[1]!)}` },
];

/**
 * OneDrive and SharePoint files. Registered in a plugin of their own, whose only body parser
 * hands the raw request stream through: content uploads go to disk as they arrive, and the
 * Graph listener's 8 MB body limit (meant for JSON) does not cut them off. JSON bodies are read
 * by the handlers that take them.
 */
export function registerFilesRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  void app.register(async (d) => {
    d.removeAllContentTypeParsers();
    d.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0]!;
      for (const p of PREFIXES) {
        const m = p.pattern.exec(path);
        if (!m) continue;
        // The token first, as Graph checks it before it reads the path.
        authenticate(ctx, req);
        const a = parseAddress(m[m.length - 1] ?? '');
        const claims = await begin(ctx, req, endpointOf(req.method, a));
        const reached = p.reach(ctx, m)(claims);
        const call: DriveCall = {
          req, reply, ctx, claims, drive: reached.drive, pathBase: p.pathBase(m), writeScopes: reached.writeScopes,
          query: req.query as Record<string, string | undefined>, base: graphBase(ctx, req),
        };
        return serve(call, a);
      }
      return reply.callNotFound();
    };
    for (const url of ['/v1.0/me/drive', '/v1.0/me/drive/*', '/v1.0/users/:userKey/drive', '/v1.0/users/:userKey/drive/*', '/v1.0/drives/:driveId', '/v1.0/drives/:driveId/*']) {
      d.route({ method: [...METHODS], url, handler });
    }
    d.get('/v1.0/me/drives', async (req) => {
      const claims = await begin(ctx, req, 'GET /drives');
      requireAny(claims, OWN_READ);
      const base = graphBase(ctx, req);
      return { '@odata.context': `${base}/v1.0/$metadata#drives`, value: [driveJson(ctx, ensureUserDrive(ctx, claims.userId))] };
    });
    registerSiteRoutes(d, ctx);
    registerDownloadRoute(d, ctx);
    registerUploadUrlRoutes(d, ctx, (req) => graphBase(ctx, req));
  });
}
