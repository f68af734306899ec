/**
 * The /api/calendar calls and shapes: aliases of the routes' generated types (web/src/api/types.ts
 * explains Answer), so a change to a route's schema shows here as a type error.
 */
import { api } from '../api/client.js';
import type { Answer, ItemOf, RequestBody } from '../api/types.js';

export type CalendarEvent = ItemOf<'GET /api/calendar/events'>;
export type Attendee = CalendarEvent['attendees'][number];
export type EventType = CalendarEvent['type'];
export type CalendarSettings = Answer<'GET /api/calendar/settings'>;
export type MeetingInput = RequestBody<'POST /api/calendar/events'>;
export type MeetingPatch = RequestBody<'PATCH /api/calendar/events/{id}'>;
/** For an event of a series: change this occurrence only, or the whole series. */
export type Scope = NonNullable<MeetingPatch['scope']>;

const path = (id: string) => `/api/calendar/events/${encodeURIComponent(id)}`;

export const calendar = {
  events: (start: string, end: string) => api.get<Answer<'GET /api/calendar/events'>>('/api/calendar/events', { start, end }),
  settings: () => api.get<CalendarSettings>('/api/calendar/settings'),
  create: (input: MeetingInput) => api.post<Answer<'POST /api/calendar/events'>>('/api/calendar/events', input),
  update: (id: string, patch: MeetingPatch) => api.patch<Answer<'PATCH /api/calendar/events/{id}'>>(path(id), patch),
  cancel: (id: string, scope?: Scope) => api.del(scope ? `${path(id)}?scope=${scope}` : path(id)),
};

/** An event that belongs to a recurring series (edits ask "this occurrence or the whole series?"). */
export function inSeries(event: CalendarEvent): boolean {
  return event.type !== 'singleInstance' || event.seriesId !== null;
}
