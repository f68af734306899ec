/**
 * The meeting form's model (what the user types: a day and wall-clock times in the calendar's zone)
 * and its conversion to the API's UTC instants, through zone.ts so daylight saving is respected.
 */
import type { CalendarEvent, MeetingInput, MeetingPatch } from './calendarApi.js';
import { addDays, instantOf, parseDay, todayIn, wallAt, dayOf } from './zone.js';

export interface MeetingFields {
  subject: string;
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM", wall clock in the calendar's zone */
  start: string;
  end: string;
  attendeeIds: string[];
  location: string;
  notes: string;
  teams: boolean;
}

const hhmm = (hour: number, minute: number) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** A new meeting: the next full hour today (9:00 tomorrow when it is late), one hour long. */
export function newMeetingFields(timeZone: string, attendeeIds: string[]): MeetingFields {
  const now = wallAt(new Date(), timeZone);
  const late = now.hour >= 22;
  const hour = late ? 9 : now.hour + 1;
  const date = late ? addDays(todayIn(timeZone), 1) : todayIn(timeZone);
  return { subject: '', date, start: hhmm(hour, 0), end: hhmm(hour + 1, 0), attendeeIds, location: '', notes: '', teams: false };
}

/** An existing event as form fields, in the calendar's zone. */
export function fieldsOf(event: CalendarEvent, timeZone: string): MeetingFields {
  const s = wallAt(new Date(event.start), timeZone);
  const e = wallAt(new Date(event.end), timeZone);
  return {
    subject: event.subject,
    date: dayOf(new Date(event.start), timeZone),
    start: hhmm(s.hour, s.minute),
    end: hhmm(e.hour, e.minute),
    attendeeIds: event.attendees.flatMap((a) => (a.personId ? [a.personId] : [])),
    location: event.location ?? '',
    notes: event.notes ?? '',
    teams: event.isOnlineMeeting,
  };
}

/** The start and end instants; throws a sentence to show when they do not make a meeting. */
export function instantsOf(f: MeetingFields, timeZone: string): { start: string; end: string } {
  const [sh, sm] = f.start.split(':').map(Number);
  const [eh, em] = f.end.split(':').map(Number);
  if (!f.date || sh === undefined || sm === undefined || eh === undefined || em === undefined || [sh, sm, eh, em].some(Number.isNaN)) {
    throw new Error('Choose a date, a start time and an end time.');
  }
  const day = parseDay(f.date);
  const start = instantOf({ ...day, hour: sh, minute: sm }, timeZone);
  const end = instantOf({ ...day, hour: eh, minute: em }, timeZone);
  if (end <= start) throw new Error('The meeting must end after it starts (pick an end time later than the start).');
  return { start: start.toISOString(), end: end.toISOString() };
}

export function createInput(f: MeetingFields, timeZone: string, link: { personId?: string; companyId?: string }): MeetingInput {
  if (!f.subject.trim()) throw new Error('Give the meeting a subject.');
  return {
    subject: f.subject.trim(),
    ...instantsOf(f, timeZone),
    timeZone,
    attendeePersonIds: f.attendeeIds,
    ...(f.location.trim() ? { location: f.location.trim() } : {}),
    ...(f.notes.trim() ? { notes: f.notes.trim() } : {}),
    ...(f.teams ? { teams: true } : {}),
    ...link,
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Only what changed, so an edit that leaves attendees alone does not send them (Outlook would
 * re-invite everyone). Times are sent only when the event is not all-day (the form hides them then).
 */
export function patchOf(before: MeetingFields, after: MeetingFields, timeZone: string, timed: boolean): MeetingPatch {
  if (!after.subject.trim()) throw new Error('Give the meeting a subject.');
  const patch: MeetingPatch = {};
  if (after.subject.trim() !== before.subject) patch.subject = after.subject.trim();
  if (timed && (after.date !== before.date || after.start !== before.start || after.end !== before.end)) {
    Object.assign(patch, instantsOf(after, timeZone), { timeZone });
  }
  if (!sameSet(before.attendeeIds, after.attendeeIds)) patch.attendeePersonIds = after.attendeeIds;
  if (after.location.trim() !== before.location.trim()) patch.location = after.location.trim(); // '' clears it
  if (after.notes.trim() !== before.notes.trim()) patch.notes = after.notes.trim();
  if (after.teams && !before.teams) patch.teams = true;
  return patch;
}
