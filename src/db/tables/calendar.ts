/** Outlook calendar tables (migration 0008). Times are ISO-8601 UTC with Z. */

export interface CalendarCalendarsTable {
  account_id: string;
  graph_id: string;
  name: string;
  is_default: number;
  can_edit: number;
  /** The calendarView window the scope's current cursor was started with (null: no cursor yet). */
  window_start: string | null;
  window_end: string | null;
  updated_at: string;
}

export type CalendarEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface CalendarEventsTable {
  id: string;
  account_id: string;
  user_id: string;
  workspace_id: string;
  calendar_graph_id: string;
  /** Immutable id of this account's copy. */
  graph_id: string;
  /** The same in every attendee's copy; one per occurrence. */
  ical_uid: string | null;
  series_master_graph_id: string | null;
  type: CalendarEventType;
  subject: string | null;
  body_preview: string | null;
  start_utc: string;
  end_utc: string;
  is_all_day: number;
  /** The zone the organizer created it in (originalStartTimeZone). */
  time_zone: string | null;
  location: string | null;
  organizer_name: string | null;
  organizer_address: string | null;
  /** JSON array of {name, address, type, response}. */
  attendees: string;
  is_online_meeting: number;
  join_url: string | null;
  is_cancelled: number;
  change_key: string | null;
  /** The CRM meeting activity it shows as (null for a series master). */
  activity_id: string | null;
  sync_round: string | null;
  updated_at: string;
}

export interface CalendarTables {
  calendar_calendars: CalendarCalendarsTable;
  calendar_events: CalendarEventsTable;
}
