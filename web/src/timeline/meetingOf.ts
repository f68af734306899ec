/**
 * A meeting activity's details, read from where the calendar puts them: an activity-level
 * `meeting`, a nested `source.meeting`, or the source itself (a synced Outlook event's activity
 * has source { type: 'outlook-event', id, end, location, joinUrl, isOnlineMeeting } and occurs at
 * its start). Anything missing or malformed is left out rather than guessed.
 */
import type { Activity } from '../api/types.js';
import type { CalendarEvent } from '../calendar/calendarApi.js';

export interface MeetingInfo {
  start: string | null;
  end: string | null;
  isAllDay: boolean;
  location: string | null;
  joinUrl: string | null;
  participants: { name: string | null; address: string | null; personId: string | null }[];
  cancelled: boolean;
}

type Bag = Record<string, unknown>;
const bag = (v: unknown): Bag | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Bag) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const isoOrNull = (v: unknown): string | null => {
  const s = str(v);
  return s && !Number.isNaN(Date.parse(s)) ? s : null;
};

function participantsOf(v: unknown): MeetingInfo['participants'] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((item) => {
    const p = bag(item);
    const nested = bag(p?.emailAddress);
    const name = str(p?.name) ?? str(nested?.name);
    const address = str(p?.address) ?? str(nested?.address);
    return name || address ? [{ name, address, personId: str(p?.personId) }] : [];
  });
}

export function meetingOf(activity: Activity): MeetingInfo | null {
  if (activity.kind !== 'meeting') return null;
  const source = bag(activity.source);
  const m = bag((activity as Activity & { meeting?: unknown }).meeting) ?? bag(source?.meeting) ?? source;
  if (!m) return null;
  const organizer = participantsOf(m.organizer ? [m.organizer] : []);
  const attendees = participantsOf(m.attendees ?? m.participants);
  const seen = new Set<string>();
  const participants = [...organizer, ...attendees].filter((p) => {
    const key = (p.address ?? p.name ?? '').toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    // A synced meeting's activity happens at its start; its source carries the rest ({ end, location, joinUrl }).
    start: isoOrNull(m.start) ?? isoOrNull(activity.occurredAt),
    end: isoOrNull(m.end),
    isAllDay: m.isAllDay === true,
    location: str(m.location),
    joinUrl: str(m.joinUrl) ?? str(m.onlineMeetingUrl),
    participants,
    cancelled: m.isCancelled === true || m.cancelled === true,
  };
}

/** The calendar's own event, when the timeline found it: the fullest account of the meeting. */
export function meetingOfEvent(e: CalendarEvent): MeetingInfo {
  const organizer = e.organizer ? [{ name: e.organizer.name, address: e.organizer.address, personId: null }] : [];
  const attendees = e.attendees.map((a) => ({ name: a.name, address: a.address, personId: a.personId }));
  const seen = new Set<string>();
  return {
    start: e.start, end: e.end, isAllDay: e.isAllDay, location: e.location, joinUrl: e.joinUrl, cancelled: false,
    participants: [...organizer, ...attendees].filter((p) => !seen.has(p.address.toLowerCase()) && !!seen.add(p.address.toLowerCase())),
  };
}
