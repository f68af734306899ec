import type { Attendee, Event } from '@microsoft/microsoft-graph-types';
import type { CalendarEventsTable, CalendarEventType } from '../../../db/tables/calendar.js';
import { graphTime } from './times.js';

export type EventValues = Omit<CalendarEventsTable, 'id' | 'account_id' | 'user_id' | 'workspace_id' | 'activity_id' | 'sync_round'>;

export interface StoredAttendee {
  name: string | null;
  address: string;
  type: string | null;
  response: string | null;
}

const TYPES: readonly CalendarEventType[] = ['singleInstance', 'occurrence', 'exception', 'seriesMaster'];
const addr = (a: string | null | undefined) => (a ?? '').trim().toLowerCase();

/** One Graph event as a calendar_events row, or null when it has no readable times (skipped, never a failed page). */
export function mapEvent(e: Event, calendarGraphId: string): EventValues | null {
  const start = graphTime(e.start);
  const end = graphTime(e.end);
  if (!e.id || !start || !end) return null;
  const attendees: StoredAttendee[] = [];
  for (const a of (e.attendees ?? []) as Attendee[]) {
    const address = addr(a.emailAddress?.address);
    if (address) attendees.push({ name: a.emailAddress?.name ?? null, address, type: a.type ?? null, response: a.status?.response ?? null });
  }
  const type = TYPES.includes(e.type as CalendarEventType) ? (e.type as CalendarEventType) : 'singleInstance';
  return {
    calendar_graph_id: calendarGraphId,
    graph_id: e.id,
    ical_uid: e.iCalUId ?? null,
    series_master_graph_id: e.seriesMasterId ?? null,
    type,
    subject: e.subject ?? null,
    body_preview: e.bodyPreview ?? null,
    start_utc: start,
    end_utc: end,
    is_all_day: e.isAllDay ? 1 : 0,
    time_zone: e.originalStartTimeZone ?? null,
    location: e.location?.displayName || null,
    organizer_name: e.organizer?.emailAddress?.name ?? null,
    organizer_address: addr(e.organizer?.emailAddress?.address) || null,
    attendees: JSON.stringify(attendees),
    is_online_meeting: e.isOnlineMeeting ? 1 : 0,
    join_url: e.onlineMeeting?.joinUrl ?? null,
    is_cancelled: e.isCancelled ? 1 : 0,
    change_key: e.changeKey ?? null,
    updated_at: new Date().toISOString(),
  };
}

/** Everyone the event names: organizer and attendees (CRM people are matched on these). */
export function addressesOf(row: Pick<EventValues, 'organizer_address' | 'attendees'>): string[] {
  const list = (JSON.parse(row.attendees) as StoredAttendee[]).map((a) => a.address);
  return [...new Set([row.organizer_address ?? '', ...list].filter(Boolean))];
}
