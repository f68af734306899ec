/** Scheduling pages and bookings (migration 0010). Times are ISO-8601 UTC with Z; durations in minutes. */

export interface SchedulingPagesTable {
  id: string;
  workspace_id: string;
  owner_user_id: string;
  /** The public address: /book/{slug}. */
  slug: string;
  title: string;
  description: string;
  /** JSON array of minutes, e.g. [30, 60]. */
  durations: string;
  slot_interval: number;
  /** IANA zone the availability's wall-clock hours are meant in. */
  time_zone: string;
  /** JSON: { source: 'mailbox' | 'custom', weekly: { mon: [['09:00','17:00']], ... } }. */
  availability: string;
  buffer_before: number;
  buffer_after: number;
  min_notice: number;
  days_ahead: number;
  daily_cap: number | null;
  /** JSON: { kind: 'teams' } | { kind: 'inPerson', address } | { kind: 'phone', phone }. */
  location: string;
  /** JSON array of { id, label, required }. */
  questions: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

export interface SchedulingOwnersTable {
  user_id: string;
  version: number;
}

/** pending: the slot is held and the meeting is on its way to Outlook; confirmed; failed; cancelled. */
export type BookingStatus = 'pending' | 'confirmed' | 'failed' | 'cancelled';

export interface BookingsTable {
  id: string;
  page_id: string;
  workspace_id: string;
  owner_user_id: string;
  start_utc: string;
  end_utc: string;
  guest_name: string;
  guest_email: string;
  guest_time_zone: string;
  /** JSON object: question id → answer. */
  answers: string;
  /** The page's location when booked (JSON, as scheduling_pages.location). */
  location: string;
  status: BookingStatus;
  /** The CRM meeting (activity id) that goes to Outlook through the write-back. */
  meeting_id: string | null;
  person_id: string | null;
  join_url: string | null;
  ical_uid: string | null;
  /** iCalendar SEQUENCE: +1 with each reschedule. */
  sequence: number;
  /** pending | sent | not_sent (the owner has no Mail.Send: told, never silently dropped). */
  confirmation: string;
  /** The draft the confirmation is sent from: recorded before sending, so a retry never sends twice. */
  confirmation_draft_id: string | null;
  /** Why it failed, or what the owner must know, in plain words. */
  problem: string | null;
  created_at: string;
  updated_at: string;
}

export interface SchedulingTables {
  scheduling_pages: SchedulingPagesTable;
  scheduling_owners: SchedulingOwnersTable;
  bookings: BookingsTable;
}
