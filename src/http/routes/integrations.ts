import type { FastifyInstance } from 'fastify';
import { principalOf } from '../auth.js';
import type { RouteContext } from '../context.js';
import { answerObject, emptyQuery, withErrors } from '../schemas.js';

/**
 * The Settings → Integrations card. Until the connect flow exists (a later issue) Microsoft
 * 365 is never connected; `configured` says whether an app registration is set up.
 */
export function integrationRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/integrations',
      {
        schema: {
          tags: ['integrations'],
          querystring: emptyQuery,
          response: withErrors({
            200: answerObject({
              microsoft: { type: 'object', additionalProperties: true, properties: { status: { type: 'string' }, configured: { type: 'boolean' } }, required: ['status', 'configured'] },
            }),
          }),
        },
      },
      async (request) => {
        principalOf(request);
        return { microsoft: { status: 'not_connected', configured: Boolean(ctx.config.ms.clientId) } };
      },
    );
  };
}
