/** How the calendar writes times, days and zones: always through Intl with the chosen zone. */
import type { CalendarEvent } from './calendarApi.js';
import { addDays, dayOf, parseDay } from './zone.js';

export function formatTime(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { timeZone, hour: 'numeric', minute: '2-digit' });
}

/** A calendar day as words, e.g. "Thursday, 3 December 2026" (noon UTC keeps it on its date). */
export function formatDay(key: string, style: 'long' | 'short' = 'long'): string {
  const { year, month, day } = parseDay(key);
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  return style === 'long'
    ? date.toLocaleDateString(undefined, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    : date.toLocaleDateString(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
}

/** "Europe/Berlin (CET)": the zone's name and its current abbreviation or offset. */
export function zoneLabel(timeZone: string): string {
  const short = new Intl.DateTimeFormat(undefined, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return short && short !== timeZone ? `${timeZone} (${short})` : timeZone;
}

/**
 * An all-day event's days. Its start and end are midnights of the dates it covers, so the dates are
 * read from the ISO text as written, not moved through a zone (an all-day Friday stays Friday).
 */
export function allDayDays(event: CalendarEvent): string[] {
  const first = event.start.slice(0, 10);
  const last = addDays(event.end.slice(0, 10), -1);
  const days: string[] = [];
  for (let d = first; d <= last && days.length < 366; d = addDays(d, 1)) days.push(d);
  return days.length ? days : [first];
}

function spansDays(event: CalendarEvent, timeZone: string): boolean {
  if (event.isAllDay) return allDayDays(event).length > 1;
  return dayOf(new Date(event.start), timeZone) !== dayOf(new Date(event.end), timeZone);
}

/** "9:00 – 10:30", "All day", or with the dates when it spans days. */
export function formatRange(event: CalendarEvent, timeZone: string): string {
  if (event.isAllDay) {
    const days = allDayDays(event);
    return days.length > 1 ? `All day, ${formatDay(days[0]!, 'short')} – ${formatDay(days[days.length - 1]!, 'short')}` : 'All day';
  }
  if (!spansDays(event, timeZone)) return `${formatTime(event.start, timeZone)} – ${formatTime(event.end, timeZone)}`;
  const day = (iso: string) => formatDay(dayOf(new Date(iso), timeZone), 'short');
  return `${day(event.start)} ${formatTime(event.start, timeZone)} – ${day(event.end)} ${formatTime(event.end, timeZone)}`;
}

/** The date and time range, for details and timelines: "Thu, 3 Dec, 9:00 – 10:00". */
export function formatWhen(event: CalendarEvent, timeZone: string): string {
  if (spansDays(event, timeZone)) return formatRange(event, timeZone);
  const day = event.isAllDay ? event.start.slice(0, 10) : dayOf(new Date(event.start), timeZone);
  return `${formatDay(day, 'short')}, ${formatRange(event, timeZone)}`;
}
