import type { FastifyInstance } from 'fastify';
import { createApiToken, deleteApiToken, listApiTokens } from '../../crm/apiTokens.js';
import { principalOf } from '../auth.js';
import type { RouteContext } from '../context.js';
import { answerObject, idParams, withErrors } from '../schemas.js';

const tokenInfo = answerObject({ id: { type: 'string' }, name: { type: 'string' }, workspaceId: { type: 'string' }, createdAt: { type: 'string' }, lastUsedAt: { type: ['string', 'null'] } });

/** Personal API tokens for scripts: shown once, stored hashed, bound to the current workspace. */
export function tokenRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/tokens', { schema: { tags: ['tokens'], response: withErrors({ 200: answerObject({ items: { type: 'array', items: tokenInfo } }) }) } }, async (request) => ({
      items: await listApiTokens(ctx.db, principalOf(request).userId),
    }));

    app.post<{ Body: { name: string } }>(
      '/api/tokens',
      {
        schema: {
          tags: ['tokens'],
          body: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['name'], additionalProperties: false },
          response: withErrors({ 201: answerObject({ id: { type: 'string' }, name: { type: 'string' }, token: { type: 'string' }, createdAt: { type: 'string' } }) }),
        },
      },
      async (request, reply) => {
        const p = principalOf(request);
        return reply.status(201).send(await createApiToken(ctx.db, p.userId, p.workspaceId, request.body.name.trim() || 'token'));
      },
    );

    app.delete<{ Params: { id: string } }>('/api/tokens/:id', { schema: { tags: ['tokens'], params: idParams, response: withErrors({ 204: { type: 'null' } }) } }, async (request, reply) => {
      await deleteApiToken(ctx.db, principalOf(request).userId, request.params.id);
      return reply.status(204).send();
    });
  };
}
