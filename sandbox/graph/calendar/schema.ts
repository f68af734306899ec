/**
 * The calendar store. Times are UTC epoch milliseconds; `span_*` bound every instance a row
 * yields (a series' first start to its last end), so a window query is one index range scan.
 */
export const calendarSchema = `
CREATE TABLE IF NOT EXISTS ge_owner (
  user_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ge_calendar (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  is_default INTEGER NOT NULL,
  color TEXT NOT NULL DEFAULT 'auto',
  change_key TEXT NOT NULL,
  allowed_json TEXT NOT NULL,
  default_provider TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ge_calendar_user ON ge_calendar(user_id);
CREATE TABLE IF NOT EXISTS ge_event (
  pk INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  calendar_id TEXT NOT NULL,
  id TEXT NOT NULL,
  ical_uid TEXT NOT NULL,
  type TEXT NOT NULL,
  master_pk INTEGER,
  original_start INTEGER,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  start_tz TEXT NOT NULL,
  end_tz TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  is_all_day INTEGER NOT NULL,
  subject TEXT NOT NULL,
  body_type TEXT NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  attendees_json TEXT NOT NULL,
  organizer_json TEXT NOT NULL,
  is_organizer INTEGER NOT NULL,
  response TEXT NOT NULL,
  recurrence_json TEXT,
  cancelled_json TEXT NOT NULL DEFAULT '[]',
  show_as TEXT NOT NULL,
  sensitivity TEXT NOT NULL,
  importance TEXT NOT NULL,
  categories_json TEXT NOT NULL,
  is_reminder_on INTEGER NOT NULL,
  reminder_minutes INTEGER NOT NULL,
  is_online INTEGER NOT NULL,
  provider TEXT NOT NULL,
  online_json TEXT,
  is_cancelled INTEGER NOT NULL DEFAULT 0,
  transaction_id TEXT,
  change_key TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  org_pk INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS ge_event_id ON ge_event(id);
CREATE INDEX IF NOT EXISTS ge_event_cal_seq ON ge_event(calendar_id, seq);
CREATE INDEX IF NOT EXISTS ge_event_cal_span ON ge_event(calendar_id, span_start);
CREATE INDEX IF NOT EXISTS ge_event_master ON ge_event(master_pk);
CREATE INDEX IF NOT EXISTS ge_event_org ON ge_event(org_pk);
CREATE UNIQUE INDEX IF NOT EXISTS ge_event_txn ON ge_event(user_id, transaction_id) WHERE transaction_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS ge_tomb (
  pk INTEGER PRIMARY KEY,
  calendar_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_pk INTEGER NOT NULL,
  shape_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ge_tomb_cal_seq ON ge_tomb(calendar_id, seq);
`;

export interface CalendarRow {
  id: string;
  user_id: string;
  name: string;
  is_default: number;
  color: string;
  change_key: string;
  allowed_json: string;
  default_provider: string;
  created: number;
}

export interface EventRow {
  pk: number;
  user_id: string;
  calendar_id: string;
  id: string;
  ical_uid: string;
  type: 'singleInstance' | 'seriesMaster' | 'exception';
  master_pk: number | null;
  original_start: number | null;
  start_ms: number;
  end_ms: number;
  start_tz: string;
  end_tz: string;
  span_start: number;
  span_end: number;
  is_all_day: number;
  subject: string;
  body_type: string;
  body: string;
  location: string;
  attendees_json: string;
  organizer_json: string;
  is_organizer: number;
  response: string;
  recurrence_json: string | null;
  cancelled_json: string;
  show_as: string;
  sensitivity: string;
  importance: string;
  categories_json: string;
  is_reminder_on: number;
  reminder_minutes: number;
  is_online: number;
  provider: string;
  online_json: string | null;
  is_cancelled: number;
  transaction_id: string | null;
  change_key: string;
  created: number;
  modified: number;
  seq: number;
  org_pk: number | null;
}

export type NewEventRow = Omit<EventRow, 'pk'>;
export const EVENT_COLUMNS = [
  'user_id', 'calendar_id', 'id', 'ical_uid', 'type', 'master_pk', 'original_start', 'start_ms', 'end_ms', 'start_tz', 'end_tz',
  'span_start', 'span_end', 'is_all_day', 'subject', 'body_type', 'body', 'location', 'attendees_json', 'organizer_json',
  'is_organizer', 'response', 'recurrence_json', 'cancelled_json', 'show_as', 'sensitivity', 'importance', 'categories_json',
  'is_reminder_on', 'reminder_minutes', 'is_online', 'provider', 'online_json', 'is_cancelled', 'transaction_id', 'change_key',
  'created', 'modified', 'seq', 'org_pk',
] as const;
