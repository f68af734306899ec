import { answerObject, withErrors } from '../../schemas.js';

const nullableString = { type: ['string', 'null'] } as const;
const hhmm = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' } as const;
const ranges = { type: 'array', maxItems: 6, items: { type: 'array', items: hhmm, minItems: 2, maxItems: 2 } } as const;
const weekly = {
  type: 'object',
  properties: { sun: ranges, mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges },
  additionalProperties: false,
  description: 'wall-clock ranges ["HH:MM","HH:MM"] per weekday, in the page time zone',
} as const;

export const location = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['teams', 'inPerson', 'phone'] }, address: { type: 'string', maxLength: 500 }, phone: { type: 'string', maxLength: 40 } },
  required: ['kind'],
  additionalProperties: false,
} as const;

const question = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 40 }, label: { type: 'string', minLength: 1, maxLength: 300 }, required: { type: 'boolean' } },
  required: ['id', 'label', 'required'],
  additionalProperties: false,
} as const;

/** What the owner may set; each value is then checked by the domain with a message naming the field. */
export const pageFields = {
  slug: { type: 'string', minLength: 1, maxLength: 60 },
  title: { type: 'string', minLength: 1, maxLength: 200 },
  description: { type: 'string', maxLength: 5_000 },
  durations: { type: 'array', minItems: 1, maxItems: 6, items: { type: 'integer' }, description: 'minutes' },
  slotInterval: { type: 'integer', description: 'minutes between offered start times' },
  timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA zone of the page hours' },
  availability: {
    type: 'object',
    properties: { source: { type: 'string', enum: ['mailbox', 'custom'] }, weekly },
    required: ['source', 'weekly'],
    additionalProperties: false,
    description: 'mailbox: the Outlook working hours (needs Mailbox settings); custom: the weekly hours given',
  },
  bufferBefore: { type: 'integer' },
  bufferAfter: { type: 'integer' },
  minNotice: { type: 'integer', description: 'minutes' },
  daysAhead: { type: 'integer' },
  dailyCap: { type: ['integer', 'null'], description: 'bookings per day at most; null: no cap' },
  location,
  questions: { type: 'array', maxItems: 10, items: question },
  enabled: { type: 'boolean' },
} as const;

const pageOut = answerObject({
  id: { type: 'string' }, ownerUserId: { type: 'string' }, slug: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' },
  durations: { type: 'array', items: { type: 'integer' } }, slotInterval: { type: 'integer' }, timeZone: { type: 'string' },
  availability: { type: 'object', properties: { source: { type: 'string', enum: ['mailbox', 'custom'] }, weekly }, required: ['source', 'weekly'] },
  bufferBefore: { type: 'integer' }, bufferAfter: { type: 'integer' }, minNotice: { type: 'integer' }, daysAhead: { type: 'integer' },
  dailyCap: { type: ['integer', 'null'] }, location, questions: { type: 'array', items: question }, enabled: { type: 'boolean' },
  createdAt: { type: 'string' }, updatedAt: { type: 'string' }, publicUrl: { type: 'string' },
});
export const pageSchema = pageOut;

export const bookingSchema = answerObject({
  id: { type: 'string' }, pageId: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' },
  guest: answerObject({ name: { type: 'string' }, email: { type: 'string' }, timeZone: { type: 'string' } }),
  answers: { type: 'object', additionalProperties: { type: 'string' } },
  location, status: { type: 'string', enum: ['pending', 'confirmed', 'failed', 'cancelled'] },
  meetingId: nullableString, personId: nullableString, joinUrl: nullableString, sequence: { type: 'integer' },
  confirmation: { type: 'string', enum: ['pending', 'sent', 'not_sent'], description: 'whether the guest was emailed' },
  problem: { ...nullableString, description: 'why it failed, or what the owner must know' },
  createdAt: { type: 'string' },
});

export const optionsSchema = answerObject({
  teams: answerObject({ available: { type: 'boolean' }, reason: nullableString }),
  workingHours: answerObject({ available: { type: 'boolean' }, reason: nullableString }),
});

/** What a guest sees of a page: nothing about the owner's calendar beyond free times. */
export const publicPageSchema = answerObject({
  slug: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, ownerName: { type: 'string' },
  durations: { type: 'array', items: { type: 'integer' } }, location: { type: 'string', description: 'in words' }, isTeams: { type: 'boolean' },
  questions: { type: 'array', items: question }, bookable: { type: 'boolean' }, notBookableReason: nullableString,
});

/** What a guest sees of their booking. */
export const guestBookingSchema = answerObject({
  id: { type: 'string' }, title: { type: 'string' }, ownerName: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' },
  timeZone: { type: 'string' }, status: { type: 'string', enum: ['pending', 'confirmed', 'failed', 'cancelled'] },
  location: { type: 'string' }, joinUrl: nullableString, emailed: { type: 'boolean' }, message: nullableString,
  manageUrl: nullableString, slug: { type: 'string' }, duration: { type: 'integer' },
});

export { withErrors };
