import { errorResponseSchema } from '../../errors.js';
import { answerObject, idString, withErrors } from '../../schemas.js';

const nullableString = { type: ['string', 'null'] } as const;

export const calendarEventSchema = answerObject({
  id: { type: 'string' },
  activityId: nullableString,
  subject: { type: 'string' },
  start: { type: 'string', format: 'date-time' },
  end: { type: 'string', format: 'date-time' },
  isAllDay: { type: 'boolean' },
  location: nullableString,
  notes: nullableString,
  organizer: { anyOf: [answerObject({ name: { type: 'string' }, address: { type: 'string' } }), { type: 'null' }] },
  attendees: { type: 'array', items: answerObject({ name: nullableString, address: { type: 'string' }, personId: nullableString, response: nullableString }) },
  isOnlineMeeting: { type: 'boolean' },
  joinUrl: nullableString,
  type: { type: 'string', enum: ['singleInstance', 'occurrence', 'exception', 'seriesMaster'] },
  seriesId: nullableString,
  linkedToOutlook: { type: 'boolean' },
  source: { type: 'string', enum: ['outlook', 'crm'] },
});

export const eventFields = {
  subject: { type: 'string', minLength: 1, maxLength: 255 },
  start: { type: 'string', minLength: 1, maxLength: 64, description: 'ISO-8601 date-time with Z or an offset' },
  end: { type: 'string', minLength: 1, maxLength: 64, description: 'ISO-8601 date-time with Z or an offset; after start' },
  timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA zone the meeting is meant in (default UTC)' },
  attendeePersonIds: { type: 'array', maxItems: 100, items: idString },
  location: { type: 'string', maxLength: 255 },
  notes: { type: 'string', maxLength: 20_000 },
  teams: { type: 'boolean', description: 'a Teams meeting (only where the calendar allows teamsForBusiness)' },
  personId: idString,
  companyId: idString,
} as const;

export const scopeField = { type: 'string', enum: ['occurrence', 'series'], description: 'required for an occurrence of a series' } as const;

export const settingsSchema = answerObject({
  granted: { type: 'boolean' },
  teamsAvailable: { type: 'boolean' },
  teamsReason: nullableString,
  timeZone: nullableString,
});

/** Every calendar route answers these errors besides its success. */
export const calendarErrors = (ok: Record<number, unknown>) => withErrors({ ...ok, 403: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema });
