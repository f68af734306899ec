import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { RouteContext } from '../context.js';
import { emptyQuery } from '../schemas.js';

const READY_TIMEOUT_MS = 2_000;
const status = { type: 'object', properties: { ok: { type: 'boolean' }, error: { type: 'string' } } } as const;

/** /healthz: the process answers. /readyz: the database answers too (load balancers route on this). */
export function healthRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/healthz', { schema: { tags: ['operations'], querystring: emptyQuery, response: { 200: status } } }, async () => ({ ok: true }));

    app.get('/readyz', { schema: { tags: ['operations'], querystring: emptyQuery, response: { 200: status, 503: status } } }, async (_request, reply) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`select 1`.execute(ctx.db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('database ping timed out')), READY_TIMEOUT_MS);
          }),
        ]);
        return { ok: true };
      } catch (err) {
        ctx.log.warn({ err }, 'readiness check failed');
        return reply.status(503).send({ ok: false, error: 'database unreachable' });
      } finally {
        clearTimeout(timer);
      }
    });
  };
}
