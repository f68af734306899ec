import cookie from '@fastify/cookie';
import fastifStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/env.js';
import type { DatabaseHandle } from '../db/database.js';
import type { LiveEvents } from '../events/liveEvents.js';
import type { Logger } from '../lib/log.js';
import { authenticator } from './auth.js';
import type { RouteContext } from './context.js';
import { errorResponseSchema, installErrorHandler, sendError } from './errors.js';
import { installNulGuard } from './nulGuard.js';
import { FailureLimiter } from './rateLimit.js';
import { emptyQuery } from './schemas.js';
import { authRoutes } from './routes/auth.js';
import { companyRoutes } from './routes/companies.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { integrationRoutes } from './routes/integrations.js';
import { peopleRoutes } from './routes/people.js';
import { sessionRoutes } from './routes/session.js';
import { taskRoutes } from './routes/tasks.js';
import { tokenRoutes } from './routes/tokens.js';
import { workspaceRoutes } from './routes/workspaces.js';

export interface ServerDeps {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  live: LiveEvents;
  /** Routes from other areas (e.g. the Microsoft integration); they may use `app.authenticate` as an onRequest hook. */
  extraRoutes?: Array<(app: FastifyInstance) => Promise<void>>;
  /** The built web app; defaults to web/dist in the repository. Served only when index.html exists. */
  webRoot?: string;
  /** Sign-in failure limiter (tests pass a small one). */
  signinLimiter?: FailureLimiter;
  heartbeatMs?: number;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Builds the whole HTTP server without listening; the caller listens and closes (close drains requests). */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: 1024 * 1024,
    // Bodies are validated exactly as sent: no silent stripping of unknown fields, no type coercion.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
  }) as unknown as FastifyInstance;
  const ctx: RouteContext = { config: deps.config, db: deps.database.db, live: deps.live, log: deps.log };
  const webRoot = deps.webRoot ?? DEFAULT_WEB_ROOT;
  const hasWeb = existsSync(join(webRoot, 'index.html'));

  installErrorHandler(app);
  installNulGuard(app);
  // The API speaks JSON only; a text body is a client mistake (415), not a string to validate.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (hasWeb && (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && path !== '/api') {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendError(reply, 404, 'not_found', `No route ${request.method} ${path}: /api/docs lists the routes and their methods.`);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // Unknown query parameters are an error everywhere, including routes that take none.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (route.url.startsWith('/api/') && schema && !schema.hide && !schema.querystring) schema.querystring = emptyQuery;
    // Every route that takes a JSON body can answer 413 (over bodyLimit) and 415 (not JSON): listed so the OpenAPI document shows them.
    const responses = schema?.response as Record<string, unknown> | undefined;
    if (schema?.body && responses) {
      for (const status of ['413', '415']) if (!(status in responses)) responses[status] = errorResponseSchema;
    }
    // Signed-in writes answer 403 csrf_failed to a session cookie without X-CSRF-Token.
    const methods = ([] as string[]).concat(route.method);
    if (responses && route.url.startsWith('/api/') && !/^\/api\/(auth|public)\//.test(route.url) && methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))) {
      if (!('403' in responses)) responses['403'] = errorResponseSchema;
    }
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tandem API', version: '0.1.0', description: 'Errors: {"error":{"code","message"}}. Cookie-authenticated writes need X-CSRF-Token.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token tdm_…' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.decorate('authenticate', authenticator(ctx));
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx, deps.signinLimiter));
  await app.register(async (scope) => {
    scope.addHook('onRequest', scope.authenticate);
    for (const routes of [sessionRoutes, tokenRoutes, workspaceRoutes, peopleRoutes, companyRoutes, taskRoutes, integrationRoutes]) {
      await scope.register(routes(ctx));
    }
    await scope.register(eventRoutes(ctx, deps.heartbeatMs));
  });
  for (const extra of deps.extraRoutes ?? []) await app.register(async (scope) => extra(scope));

  if (hasWeb) await app.register(fastifStatic, { root: webRoot, prefix: '/', wildcard: true });
  return app;
}
