/**
 * The /api/calendar calls and shapes. Hand-written here, in one place, until the server's calendar
 * routes are in schema.gen.ts (`npm run gen:api-types`); then each shape becomes an alias of its
 * route's generated type, as inbox/mailApi.ts does for mail.
 */
import { api } from '../api/client.js';

export interface Address {
  name: string | null;
  address: string;
}

export interface Attendee {
  name: string | null;
  address: string;
  personId: string | null;
  response: string | null;
}

export type EventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface CalendarEvent {
  id: string;
  activityId: string | null;
  subject: string;
  /** ISO instants in UTC. */
  start: string;
  end: string;
  isAllDay: boolean;
  location: string | null;
  notes: string | null;
  organizer: Address | null;
  attendees: Attendee[];
  isOnlineMeeting: boolean;
  joinUrl: string | null;
  type: EventType;
  seriesId: string | null;
  linkedToOutlook: boolean;
  source: 'outlook' | 'crm';
}

export interface CalendarSettings {
  granted: boolean;
  teamsAvailable: boolean;
  teamsReason: string | null;
  /** The mailbox's IANA time zone, when Tandem can read it. */
  timeZone: string | null;
  /** The catalogue marks the feature as not offered yet. */
  comingSoon?: boolean;
}

export interface MeetingInput {
  subject: string;
  start: string;
  end: string;
  timeZone?: string;
  attendeePersonIds?: string[];
  location?: string | null;
  notes?: string | null;
  teams?: boolean;
  personId?: string;
  companyId?: string;
}

/** For an event of a series: change this occurrence only, or the whole series. */
export type Scope = 'occurrence' | 'series';

export type MeetingPatch = Partial<Omit<MeetingInput, 'personId' | 'companyId'>> & { scope?: Scope };

const path = (id: string) => `/api/calendar/events/${encodeURIComponent(id)}`;

export const calendar = {
  events: (start: string, end: string) => api.get<{ items: CalendarEvent[] }>('/api/calendar/events', { start, end }),
  settings: () => api.get<CalendarSettings>('/api/calendar/settings'),
  create: (input: MeetingInput) => api.post<CalendarEvent>('/api/calendar/events', input),
  update: (id: string, patch: MeetingPatch) => api.patch<CalendarEvent>(path(id), patch),
  cancel: (id: string, scope?: Scope) => api.del(scope ? `${path(id)}?scope=${scope}` : path(id)),
};

/** An event that belongs to a recurring series (edits ask "this occurrence or the whole series?"). */
export function inSeries(event: CalendarEvent): boolean {
  return event.type !== 'singleInstance' || event.seriesId !== null;
}
