import type { FastifyInstance } from 'fastify';
import { addNote, personTimeline } from '../../crm/activities.js';
import { createPerson, deletePerson, getPerson, listPeople, updatePerson, type PersonInput } from '../../crm/people.js';
import { withOrigins } from '../../crm/personOrigins.js';
import { principalOf } from '../auth.js';
import { publishAfterCommit, type RouteContext } from '../context.js';
import { errorResponseSchema } from '../errors.js';
import { activitySchema, idParams, noteBody, nullableId, pageOf, pageQueryProps, parseLimit, personWithOriginSchema as personSchema, text, withErrors } from '../schemas.js';

const personFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  emails: { type: 'array', maxItems: 50, items: { type: 'string', format: 'email', maxLength: 254 } },
  phones: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 50 } },
  companyId: nullableId,
  jobTitle: text.nullable(200),
  notes: text.nullable(20_000),
} as const;

export function peopleRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { q?: string; companyId?: string; limit?: string; cursor?: string } }>(
      '/api/people',
      {
        schema: {
          tags: ['people'],
          querystring: {
            type: 'object',
            properties: { q: { type: 'string', maxLength: 200 }, companyId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, ...pageQueryProps },
            additionalProperties: false,
          },
          response: withErrors({ 200: pageOf(personSchema) }),
        },
      },
      async (request) => {
        const { q, companyId, limit, cursor } = request.query;
        const ws = principalOf(request).workspaceId;
        const page = await listPeople(ctx.db, ws, { q: q?.trim() || undefined, companyId, limit: parseLimit(limit), cursor });
        return { ...page, items: await withOrigins(ctx.db, ws, page.items) };
      },
    );

    app.post<{ Body: PersonInput & { name: string } }>(
      '/api/people',
      {
        schema: {
          tags: ['people'],
          body: { type: 'object', properties: personFields, required: ['name'], additionalProperties: false },
          response: withErrors({ 201: personSchema, 409: errorResponseSchema }),
        },
      },
      async (request, reply) => {
        const { workspaceId: ws, userId } = principalOf(request);
        const person = await createPerson(ctx.db, ws, request.body, { userId });
        await publishAfterCommit(ctx, 'person.created', ws, person);
        return reply.status(201).send({ ...person, origin: null });
      },
    );

    app.get<{ Params: { id: string } }>('/api/people/:id', { schema: { tags: ['people'], params: idParams, response: withErrors({ 200: personSchema }) } }, async (request) => {
      const ws = principalOf(request).workspaceId;
      return (await withOrigins(ctx.db, ws, [await getPerson(ctx.db, ws, request.params.id)]))[0];
    });

    app.patch<{ Params: { id: string }; Body: PersonInput }>(
      '/api/people/:id',
      {
        schema: {
          tags: ['people'],
          params: idParams,
          body: { type: 'object', properties: personFields, additionalProperties: false },
          response: withErrors({ 200: personSchema, 409: errorResponseSchema }),
        },
      },
      async (request) => {
        const { workspaceId: ws, userId } = principalOf(request);
        const person = await updatePerson(ctx.db, ws, request.params.id, request.body, { userId });
        await publishAfterCommit(ctx, 'person.updated', ws, person);
        return (await withOrigins(ctx.db, ws, [person]))[0];
      },
    );

    app.delete<{ Params: { id: string } }>('/api/people/:id', { schema: { tags: ['people'], params: idParams, response: withErrors({ 204: { type: 'null' } }) } }, async (request, reply) => {
      const { workspaceId: ws, userId } = principalOf(request);
      await deletePerson(ctx.db, ws, request.params.id, { userId });
      await publishAfterCommit(ctx, 'person.deleted', ws, { id: request.params.id });
      return reply.status(204).send();
    });

    app.get<{ Params: { id: string }; Querystring: { limit?: string; cursor?: string } }>(
      '/api/people/:id/timeline',
      {
        schema: {
          tags: ['people'],
          params: idParams,
          querystring: { type: 'object', properties: pageQueryProps, additionalProperties: false },
          response: withErrors({ 200: pageOf(activitySchema) }),
        },
      },
      async (request) => personTimeline(ctx.db, principalOf(request).workspaceId, request.params.id, { limit: parseLimit(request.query.limit), cursor: request.query.cursor }, principalOf(request).userId),
    );

    app.post<{ Params: { id: string }; Body: { body: string } }>(
      '/api/people/:id/notes',
      { schema: { tags: ['people'], params: idParams, body: noteBody, response: withErrors({ 201: activitySchema }) } },
      async (request, reply) => {
        const p = principalOf(request);
        const activity = await addNote(ctx.db, p.workspaceId, p.userId, { personId: request.params.id }, request.body.body);
        await publishAfterCommit(ctx, 'activity.created', p.workspaceId, activity);
        return reply.status(201).send(activity);
      },
    );
  };
}
