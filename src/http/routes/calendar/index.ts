import type { FastifyInstance } from 'fastify';
import { cancelEvent } from '../../../app/microsoft/calendar/cancelEvent.js';
import type { CalendarDeps } from '../../../app/microsoft/calendar/deps.js';
import { editEvent, type EditInput } from '../../../app/microsoft/calendar/editEvent.js';
import { listEvents } from '../../../app/microsoft/calendar/listEvents.js';
import { scheduleMeeting, type ScheduleInput } from '../../../app/microsoft/calendar/scheduleMeeting.js';
import { calendarSettings } from '../../../app/microsoft/calendar/settings.js';
import { principalOf } from '../../auth.js';
import { idParams } from '../../schemas.js';
import { calendarErrors, calendarEventSchema, eventFields, scopeField, settingsSchema } from './schemas.js';
import { useCalendarErrors } from './errorHandler.js';

/** /api/calendar: the user's Outlook calendar and the meetings they schedule in the CRM. */
export function calendarRoutes(deps: CalendarDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useCalendarErrors(app, 'calendar');

    app.get<{ Querystring: { start: string; end: string } }>('/api/calendar/events', {
      schema: {
        tags: ['calendar'],
        querystring: { type: 'object', properties: { start: { type: 'string', maxLength: 64 }, end: { type: 'string', maxLength: 64 } }, required: ['start', 'end'], additionalProperties: false },
        response: calendarErrors({ 200: { type: 'object', properties: { items: { type: 'array', items: calendarEventSchema } }, required: ['items'] } }),
      },
    }, async (request) => ({ items: await listEvents(deps, principalOf(request), request.query) }));

    app.post<{ Body: ScheduleInput }>('/api/calendar/events', {
      schema: {
        tags: ['calendar'],
        body: { type: 'object', properties: eventFields, required: ['subject', 'start', 'end'], additionalProperties: false },
        response: calendarErrors({ 201: calendarEventSchema }),
      },
    }, async (request, reply) => reply.status(201).send(await scheduleMeeting(deps, principalOf(request), request.body)));

    app.patch<{ Params: { id: string }; Body: EditInput }>('/api/calendar/events/:id', {
      schema: {
        tags: ['calendar'], params: idParams,
        body: { type: 'object', properties: { ...eventFields, scope: scopeField }, additionalProperties: false, minProperties: 1 },
        response: calendarErrors({ 200: calendarEventSchema }),
      },
    }, async (request) => editEvent(deps, principalOf(request), request.params.id, request.body));

    app.delete<{ Params: { id: string }; Querystring: { scope?: 'occurrence' | 'series' } }>('/api/calendar/events/:id', {
      schema: {
        tags: ['calendar'], params: idParams,
        querystring: { type: 'object', properties: { scope: scopeField }, additionalProperties: false },
        response: calendarErrors({ 204: { type: 'null' } }),
      },
    }, async (request, reply) => {
      await cancelEvent(deps, principalOf(request), request.params.id, request.query.scope);
      return reply.status(204).send();
    });

    app.get('/api/calendar/settings', {
      schema: { tags: ['calendar'], response: calendarErrors({ 200: settingsSchema }) },
    }, async (request) => calendarSettings(deps, principalOf(request)));
  };
}
