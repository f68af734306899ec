import type { FastifyInstance } from 'fastify';
import type { SchedulingDeps } from '../../../app/scheduling/deps.js';
import { cancelByOwner } from '../../../app/scheduling/manage.js';
import { createOwnerPage, pageView, schedulingOptions, updateOwnerPage } from '../../../app/scheduling/ownerPages.js';
import { bookingsOfPage } from '../../../crm/scheduling/bookings.js';
import type { PageInput } from '../../../crm/scheduling/page.js';
import { deletePage, getPage, listPages } from '../../../crm/scheduling/pages.js';
import { principalOf } from '../../auth.js';
import { emptyQuery, idParams } from '../../schemas.js';
import { bookingSchema, optionsSchema, pageFields, pageSchema, withErrors } from './schemas.js';
import { useCalendarErrors } from '../calendar/errorHandler.js';

const tags = ['scheduling'];

/** /api/scheduling: the signed-in user's scheduling pages and their bookings. */
export function schedulingRoutes(deps: SchedulingDeps) {
  const db = deps.integration.database.db;
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useCalendarErrors(app, 'scheduling');

    app.get('/api/scheduling/options', { schema: { tags, querystring: emptyQuery, response: withErrors({ 200: optionsSchema }) } },
      async (request) => schedulingOptions(deps, principalOf(request)));

    app.get('/api/scheduling/pages', {
      schema: { tags, querystring: emptyQuery, response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: pageSchema } }, required: ['items'] } }) },
    }, async (request) => {
      const p = principalOf(request);
      return { items: (await listPages(db, p.workspaceId, p.userId)).map((page) => pageView(deps, page)) };
    });

    app.post<{ Body: PageInput & { slug: string; title: string } }>('/api/scheduling/pages', {
      schema: { tags, body: { type: 'object', properties: pageFields, required: ['slug', 'title'], additionalProperties: false }, response: withErrors({ 201: pageSchema }) },
    }, async (request, reply) => reply.status(201).send(await createOwnerPage(deps, principalOf(request), request.body)));

    app.get<{ Params: { id: string } }>('/api/scheduling/pages/:id', { schema: { tags, params: idParams, response: withErrors({ 200: pageSchema }) } }, async (request) => {
      const p = principalOf(request);
      return pageView(deps, await getPage(db, p.workspaceId, p.userId, request.params.id));
    });

    app.patch<{ Params: { id: string }; Body: PageInput }>('/api/scheduling/pages/:id', {
      schema: { tags, params: idParams, body: { type: 'object', properties: pageFields, additionalProperties: false, minProperties: 1 }, response: withErrors({ 200: pageSchema }) },
    }, async (request) => updateOwnerPage(deps, principalOf(request), request.params.id, request.body));

    app.delete<{ Params: { id: string } }>('/api/scheduling/pages/:id', { schema: { tags, params: idParams, response: withErrors({ 204: { type: 'null' } }) } }, async (request, reply) => {
      const p = principalOf(request);
      await deletePage(db, p.workspaceId, p.userId, request.params.id);
      return reply.status(204).send();
    });

    app.get<{ Params: { id: string } }>('/api/scheduling/pages/:id/bookings', {
      schema: { tags, params: idParams, response: withErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: bookingSchema } }, required: ['items'] } }) },
    }, async (request) => {
      const p = principalOf(request);
      const page = await getPage(db, p.workspaceId, p.userId, request.params.id);
      return { items: await bookingsOfPage(db, page.id) };
    });

    app.post<{ Params: { id: string } }>('/api/scheduling/bookings/:id/cancel', {
      schema: { tags, params: idParams, response: withErrors({ 200: bookingSchema }), description: 'Cancels a confirmed booking: the Outlook event is deleted and the guest gets a cancellation with METHOD:CANCEL.' },
    }, async (request) => cancelByOwner(deps, principalOf(request), request.params.id));
  };
}
