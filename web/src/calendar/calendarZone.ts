/** The zone the calendar shows: the mailbox's when Tandem knows it, otherwise the browser's. */
import type { CalendarSettings } from './calendarApi.js';
import { zoneLabel } from './format.js';
import { browserZone, isKnownZone } from './zone.js';

export interface CalendarZone {
  zone: string;
  /** "Times in Europe/Berlin (CET), your mailbox's time zone." */
  description: string;
}

export function calendarZone(settings: CalendarSettings | null): CalendarZone {
  const mailbox = settings?.timeZone ?? null;
  if (mailbox && isKnownZone(mailbox)) return { zone: mailbox, description: `Times in ${zoneLabel(mailbox)}, your mailbox's time zone.` };
  const zone = browserZone();
  const why = mailbox ? ` (your mailbox's zone "${mailbox}" is not one this browser knows)` : '';
  return { zone, description: `Times in ${zoneLabel(zone)}, this browser's time zone${why}.` };
}
