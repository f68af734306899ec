import type { FastifyInstance } from 'fastify';
import { addNote, companyTimeline } from '../../crm/activities.js';
import { createCompany, deleteCompany, getCompany, listCompanies, updateCompany, type CompanyInput } from '../../crm/companies.js';
import { principalOf } from '../auth.js';
import { publishAfterCommit, type RouteContext } from '../context.js';
import { activitySchema, companySchema, idParams, noteBody, pageOf, pageQueryProps, parseLimit, text, withErrors } from '../schemas.js';

const companyFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  domain: text.nullable(253),
  notes: text.nullable(20_000),
} as const;

export function companyRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { q?: string; limit?: string; cursor?: string } }>(
      '/api/companies',
      {
        schema: {
          tags: ['companies'],
          querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, ...pageQueryProps }, additionalProperties: false },
          response: withErrors({ 200: pageOf(companySchema) }),
        },
      },
      async (request) => {
        const { q, limit, cursor } = request.query;
        return listCompanies(ctx.db, principalOf(request).workspaceId, { q: q?.trim() || undefined, limit: parseLimit(limit), cursor });
      },
    );

    app.post<{ Body: CompanyInput & { name: string } }>(
      '/api/companies',
      {
        schema: {
          tags: ['companies'],
          body: { type: 'object', properties: companyFields, required: ['name'], additionalProperties: false },
          response: withErrors({ 201: companySchema }),
        },
      },
      async (request, reply) => {
        const ws = principalOf(request).workspaceId;
        const company = await createCompany(ctx.db, ws, request.body);
        await publishAfterCommit(ctx, 'company.created', ws, company);
        return reply.status(201).send(company);
      },
    );

    app.get<{ Params: { id: string } }>('/api/companies/:id', { schema: { tags: ['companies'], params: idParams, response: withErrors({ 200: companySchema }) } }, async (request) =>
      getCompany(ctx.db, principalOf(request).workspaceId, request.params.id),
    );

    app.patch<{ Params: { id: string }; Body: CompanyInput }>(
      '/api/companies/:id',
      {
        schema: {
          tags: ['companies'],
          params: idParams,
          body: { type: 'object', properties: companyFields, additionalProperties: false },
          response: withErrors({ 200: companySchema }),
        },
      },
      async (request) => {
        const ws = principalOf(request).workspaceId;
        const company = await updateCompany(ctx.db, ws, request.params.id, request.body);
        await publishAfterCommit(ctx, 'company.updated', ws, company);
        return company;
      },
    );

    app.delete<{ Params: { id: string } }>('/api/companies/:id', { schema: { tags: ['companies'], params: idParams, response: withErrors({ 204: { type: 'null' } }) } }, async (request, reply) => {
      const ws = principalOf(request).workspaceId;
      await deleteCompany(ctx.db, ws, request.params.id);
      await publishAfterCommit(ctx, 'company.deleted', ws, { id: request.params.id });
      return reply.status(204).send();
    });

    app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>(
      '/api/companies/:id/timeline',
      {
        schema: {
          tags: ['companies'],
          params: idParams,
          querystring: { type: 'object', properties: pageQueryProps, additionalProperties: false },
          response: withErrors({ 200: pageOf(activitySchema) }),
        },
      },
      async (request) => companyTimeline(ctx.db, principalOf(request).workspaceId, request.params.id, { limit: parseLimit(request.query.limit), cursor: request.query.cursor }, principalOf(request).userId),
    );

    app.post<{ Params: { id: string }; Body: { body: string } }>(
      '/api/companies/:id/notes',
      { schema: { tags: ['companies'], params: idParams, body: noteBody, response: withErrors({ 201: activitySchema }) } },
      async (request, reply) => {
        const p = principalOf(request);
        const activity = await addNote(ctx.db, p.workspaceId, p.userId, { companyId: request.params.id }, request.body.body);
        await publishAfterCommit(ctx, 'activity.created', p.workspaceId, activity);
        return reply.status(201).send(activity);
      },
    );
  };
}
