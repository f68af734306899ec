import { activitySchema, answerObject, companySchema, personSchema, taskSchema } from '../schemas.js';

const deleted = answerObject({ id: { type: 'string' } });
const ids = { type: 'array', items: { type: 'string' } } as const;

/**
 * Every event /api/events sends, with its `data`, so the OpenAPI document (and the web app's
 * generated types) describe the stream like any REST answer. A publisher of a new event type adds
 * it here; test/api/liveEventSchemas.test.ts checks every published type is listed.
 */
export const LIVE_EVENTS = {
  'person.created': personSchema,
  'person.updated': personSchema,
  'person.deleted': deleted,
  /** Several people changed by a sync at once (Outlook contacts; GET /api/people/{id}); one comes as person.created, person.updated or person.deleted. */
  'people.synced': { type: 'object', properties: { ids, truncated: { type: 'boolean' } }, required: ['ids'] },
  'company.created': companySchema,
  'company.updated': companySchema,
  'company.deleted': deleted,
  /** Companies a sync made for the people it made (Outlook contacts, people from mail), before those people's events (GET /api/companies/{id}). */
  'companies.synced': { type: 'object', properties: { ids, truncated: { type: 'boolean' } }, required: ['ids'] },
  'task.created': taskSchema,
  'task.updated': taskSchema,
  'task.deleted': deleted,
  /** Several tasks changed in Microsoft To Do at once (GET /api/tasks/{id}); one comes as task.updated. */
  'tasks.synced': { type: 'object', properties: { ids }, required: ['ids'] },
  'activity.created': activitySchema,
  /** Tandem's own email and folder ids (GET /api/mail/messages, /api/mail/folders). */
  'mail.changed': {
    type: 'object',
    properties: { folderIds: ids, ids, truncated: { type: 'boolean' } },
    required: ['folderIds', 'ids'],
  },
  /** Synced calendar events changed (Tandem's event ids, GET /api/calendar/events). */
  'calendar.changed': { type: 'object', properties: { ids, activityIds: ids, truncated: { type: 'boolean' } }, required: ['ids', 'activityIds'] },
  /** A booking of one of the user's scheduling pages was made, confirmed, failed or cancelled (GET /api/scheduling/pages/{pageId}/bookings). */
  'booking.changed': {
    type: 'object',
    properties: { bookingId: { type: 'string' }, pageId: { type: 'string' }, status: { type: 'string', enum: ['pending', 'confirmed', 'failed', 'cancelled'] } },
    required: ['bookingId', 'pageId', 'status'],
  },
  /** Files attached to these records changed: attached, detached, or renamed, moved, changed or deleted in OneDrive/SharePoint (GET /api/{people|companies|tasks}/{id}/files). */
  'files.changed': {
    type: 'object',
    properties: {
      records: {
        type: 'array',
        items: { type: 'object', properties: { recordType: { type: 'string', enum: ['person', 'company', 'task'] }, recordId: { type: 'string' } }, required: ['recordType', 'recordId'] },
      },
    },
    required: ['records'],
  },
  'microsoft.status': {
    type: 'object',
    properties: { status: { type: 'string', enum: ['not_connected', 'active', 'needs_reconnect', 'disconnecting'] }, message: { type: 'string' } },
    required: ['status'],
  },
} as const;

/** The stream's message shape: `event:` names the type, `data:` is its JSON. */
export const liveEventStreamSchema = {
  description: 'Server-Sent Events: each message\'s `event` is one of these types and its `data` the JSON shown.',
  oneOf: Object.entries(LIVE_EVENTS).map(([event, data]) => ({
    type: 'object',
    properties: { event: { type: 'string', enum: [event] }, data },
    required: ['event', 'data'],
  })),
};
