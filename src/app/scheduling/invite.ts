import ical, { ICalCalendarMethod, ICalAttendeeStatus } from 'ical-generator';

export interface InviteInput {
  method: 'REQUEST' | 'CANCEL';
  /** The Outlook event's iCalUId: the guest's calendar then updates the same entry on reschedule. */
  uid: string;
  sequence: number;
  start: string;
  end: string;
  summary: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** The Teams join URL, an address or a phone number. */
  location: string;
  joinUrl: string | null;
  description: string;
}

/**
 * The .ics attached to the guest's confirmation (METHOD:REQUEST) or cancellation (METHOD:CANCEL).
 * Times are written in UTC ("Z"): exact in every calendar, across DST, with no VTIMEZONE to get wrong.
 */
export function inviteIcs(i: InviteInput): string {
  const cal = ical({ prodId: { company: 'Tandem', product: 'Scheduling' }, method: i.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.CANCEL });
  const event = cal.createEvent({
    id: i.uid,
    sequence: i.sequence,
    start: new Date(i.start),
    end: new Date(i.end),
    summary: i.summary,
    location: i.location,
    description: i.joinUrl ? `${i.description}\n\nJoin the Microsoft Teams meeting: ${i.joinUrl}`.trim() : i.description,
    ...(i.joinUrl ? { url: i.joinUrl } : {}),
    organizer: { name: i.organizer.name, email: i.organizer.email },
  });
  event.createAttendee({ name: i.attendee.name, email: i.attendee.email, rsvp: i.method === 'REQUEST', status: i.method === 'CANCEL' ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.NEEDSACTION });
  return cal.toString();
}
