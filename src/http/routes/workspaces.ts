import type { FastifyInstance } from 'fastify';
import { createWorkspace, listMembers, listMemberships, addMember } from '../../crm/workspaces.js';
import { principalOf } from '../auth.js';
import type { RouteContext } from '../context.js';
import { errorResponseSchema } from '../errors.js';
import { answerObject, idParams, withErrors } from '../schemas.js';

const membership = answerObject({ id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: ['owner', 'member'] } });
const member = answerObject({ userId: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: ['owner', 'member'] } });

export function workspaceRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/workspaces', { schema: { tags: ['workspaces'], response: withErrors({ 200: answerObject({ items: { type: 'array', items: membership } }) }) } }, async (request) => ({
      items: await listMemberships(ctx.db, principalOf(request).userId),
    }));

    app.post<{ Body: { name: string } }>(
      '/api/workspaces',
      {
        schema: {
          tags: ['workspaces'],
          body: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['name'], additionalProperties: false },
          response: withErrors({ 201: membership }),
        },
      },
      async (request, reply) => {
        const userId = principalOf(request).userId;
        const created = await ctx.db.transaction().execute((trx) => createWorkspace(trx, userId, request.body.name.trim() || 'Workspace'));
        return reply.status(201).send(created);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/workspaces/:id/members',
      { schema: { tags: ['workspaces'], params: idParams, response: withErrors({ 200: answerObject({ items: { type: 'array', items: member } }) }) } },
      async (request) => ({ items: await listMembers(ctx.db, principalOf(request).userId, request.params.id) }),
    );

    app.post<{ Params: { id: string }; Body: { email: string; role?: 'member' | 'owner' } }>(
      '/api/workspaces/:id/members',
      {
        schema: {
          tags: ['workspaces'],
          params: idParams,
          body: {
            type: 'object',
            properties: { email: { type: 'string', format: 'email', maxLength: 254 }, role: { type: 'string', enum: ['member', 'owner'] } },
            required: ['email'],
            additionalProperties: false,
          },
          response: withErrors({ 201: member, 403: errorResponseSchema, 409: errorResponseSchema }),
        },
      },
      async (request, reply) => {
        const added = await addMember(ctx.db, principalOf(request).userId, request.params.id, request.body.email, request.body.role ?? 'member');
        return reply.status(201).send(added);
      },
    );
  };
}
