import { badRequest } from '../http/errors.js';
import { normalizeRecurrence, seriesSpan, type Recurrence } from './recurrence.js';
import type { NewEventRow } from './schema.js';
import { parseZoned } from './time.js';
import { ianaOf, utcToLocal } from './zones.js';

const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'];
const SENSITIVITY = ['normal', 'personal', 'private', 'confidential'];
const IMPORTANCE = ['low', 'normal', 'high'];
const ATTENDEE_TYPES = ['required', 'optional', 'resource'];
const DAY_MS = 86_400_000;

export interface Attendee { type: string; status: { response: string; time: string }; emailAddress: { name: string; address: string } }

export function attendeesOf(raw: unknown): Attendee[] {
  if (raw === null || raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest("'attendees' must be an array.", 'ErrorInvalidRequest');
  return raw.map((a: { type?: string; emailAddress?: { address?: string; name?: string }; status?: { response?: string } }) => {
    const address = a?.emailAddress?.address;
    if (typeof address !== 'string' || !address.includes('@')) throw badRequest('Each attendee needs emailAddress.address.', 'ErrorInvalidRecipients');
    const type = a.type ?? 'required';
    if (!ATTENDEE_TYPES.includes(type)) throw badRequest(`Invalid attendee type '${type}'.`, 'ErrorInvalidRequest');
    return { type, status: { response: 'none', time: '0001-01-01T00:00:00Z' }, emailAddress: { name: a.emailAddress?.name ?? address, address } };
  });
}

const oneOf = (value: unknown, allowed: string[], field: string): string => {
  if (typeof value !== 'string' || !allowed.includes(value)) throw badRequest(`Invalid value '${String(value)}' for ${field}.`, 'ErrorInvalidRequest');
  return value;
};

/** What a POST or PATCH body asks to change, as row fields; only the properties present. */
export interface EventChange {
  fields: Partial<NewEventRow>;
  /** times, zones or recurrence given (the instances may move) */
  timing: boolean;
  attendees?: Attendee[];
  online?: { isOnline: boolean; provider?: string };
}

export function parseEventBody(b: Record<string, unknown>, current?: Pick<NewEventRow, 'start_ms' | 'end_ms' | 'start_tz' | 'end_tz' | 'recurrence_json'>): EventChange {
  const f: Partial<NewEventRow> = {};
  if ('subject' in b) f.subject = typeof b.subject === 'string' ? b.subject : '';
  if ('body' in b) {
    const body = b.body as { contentType?: string; content?: string } | null;
    f.body_type = String(body?.contentType ?? 'text').toLowerCase() === 'html' ? 'html' : 'text';
    f.body = typeof body?.content === 'string' ? body.content : '';
  }
  if ('location' in b) f.location = JSON.stringify({ displayName: String((b.location as { displayName?: string } | null)?.displayName ?? '') });
  if ('categories' in b) {
    if (!Array.isArray(b.categories)) throw badRequest("'categories' must be an array.", 'ErrorInvalidRequest');
    f.categories_json = JSON.stringify(b.categories.map(String));
  }
  if ('importance' in b) f.importance = oneOf(b.importance, IMPORTANCE, 'importance');
  if ('sensitivity' in b) f.sensitivity = oneOf(b.sensitivity, SENSITIVITY, 'sensitivity');
  if ('showAs' in b) f.show_as = oneOf(b.showAs, SHOW_AS, 'showAs');
  if ('isReminderOn' in b) f.is_reminder_on = b.isReminderOn ? 1 : 0;
  if ('reminderMinutesBeforeStart' in b) f.reminder_minutes = Math.max(0, Number(b.reminderMinutesBeforeStart) || 0);
  if ('isAllDay' in b) f.is_all_day = b.isAllDay ? 1 : 0;

  const timing = 'start' in b || 'end' in b || 'recurrence' in b;
  if ('start' in b) {
    const s = parseZoned(b.start, 'start');
    Object.assign(f, { start_ms: s.utc, start_tz: s.zoneName });
  }
  if ('end' in b) {
    const e = parseZoned(b.end, 'end');
    Object.assign(f, { end_ms: e.utc, end_tz: e.zoneName });
  }
  const start = f.start_ms ?? current?.start_ms;
  const end = f.end_ms ?? current?.end_ms;
  if (start === undefined || end === undefined) throw badRequest("An event needs both 'start' and 'end'.", 'ErrorInvalidRequest');
  if (end < start) throw badRequest('The end time of the event is before its start time.', 'ErrorInvalidRequest');
  const zoneName = f.start_tz ?? current?.start_tz ?? 'UTC';
  if ('recurrence' in b) f.recurrence_json = b.recurrence === null ? null : JSON.stringify(normalizeRecurrence(b.recurrence, zoneName));
  if (timing) {
    const rec = f.recurrence_json !== undefined ? f.recurrence_json : (current?.recurrence_json ?? null);
    Object.assign(f, { start_ms: start, end_ms: end }, span(rec, zoneName, start, end));
  }
  const change: EventChange = { fields: f, timing };
  if ('attendees' in b) change.attendees = attendeesOf(b.attendees);
  if ('isOnlineMeeting' in b || 'onlineMeetingProvider' in b) {
    change.online = { isOnline: b.isOnlineMeeting === true || ('onlineMeetingProvider' in b && !('isOnlineMeeting' in b)) };
    if (typeof b.onlineMeetingProvider === 'string') change.online.provider = b.onlineMeetingProvider;
  }
  return change;
}

/** The window-index bounds of a row: its own times, or the series' whole extent. */
export function span(recJson: string | null, zoneName: string, start: number, end: number): { span_start: number; span_end: number } {
  if (!recJson) return { span_start: start, span_end: end };
  const rec = JSON.parse(recJson) as Recurrence;
  const zone = ianaOf(rec.range.recurrenceTimeZone) ?? ianaOf(zoneName) ?? 'Etc/UTC';
  const timeOfDay = ((utcToLocal(zone, start) % DAY_MS) + DAY_MS) % DAY_MS;
  const s = seriesSpan(rec, zone, timeOfDay, end - start);
  return { span_start: Math.min(s.first, start), span_end: Math.max(s.last, end) };
}
