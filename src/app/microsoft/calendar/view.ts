import { findMeeting, type Meeting } from '../../../crm/meetings.js';
import { findPeopleByEmails } from '../../../crm/people.js';
import type { Db } from '../../../db/database.js';
import type { CalendarEventsTable, CalendarEventType } from '../../../db/tables/calendar.js';
import type { StoredAttendee } from '../../../microsoft/sync/calendar/mapEvent.js';

/** One event as the calendar API answers it: Tandem's ids, UTC times with Z. */
export interface CalendarEventView {
  id: string;
  activityId: string | null;
  subject: string;
  start: string;
  end: string;
  isAllDay: boolean;
  location: string | null;
  notes: string | null;
  organizer: { name: string; address: string } | null;
  attendees: Array<{ name: string | null; address: string; personId: string | null; response: string | null }>;
  isOnlineMeeting: boolean;
  joinUrl: string | null;
  type: CalendarEventType;
  seriesId: string | null;
  linkedToOutlook: boolean;
  source: 'outlook' | 'crm';
}

/** Synced rows as views: attendees matched to CRM people, series masters by Tandem id, CRM meetings' notes. */
export async function rowViews(db: Db, workspaceId: string, rows: CalendarEventsTable[]): Promise<CalendarEventView[]> {
  const addresses = rows.flatMap((r) => (JSON.parse(r.attendees) as StoredAttendee[]).map((a) => a.address));
  const people = await findPeopleByEmails(db, workspaceId, addresses);
  const masters = [...new Set(rows.map((r) => r.series_master_graph_id).filter((m): m is string => !!m))];
  const accounts = [...new Set(rows.map((r) => r.account_id))];
  const masterIds = new Map<string, string>();
  if (masters.length) {
    for (const m of await db.selectFrom('calendar_events').select(['id', 'graph_id']).where('account_id', 'in', accounts).where('graph_id', 'in', masters).execute()) masterIds.set(m.graph_id, m.id);
  }
  const out: CalendarEventView[] = [];
  for (const r of rows) {
    const meeting = r.activity_id ? await findMeeting(db, workspaceId, r.activity_id) : undefined;
    out.push({
      id: r.id, activityId: r.activity_id, subject: r.subject ?? '', start: r.start_utc, end: r.end_utc, isAllDay: r.is_all_day === 1,
      location: r.location, notes: meeting ? meeting.notes : r.body_preview,
      organizer: r.organizer_address ? { name: r.organizer_name ?? r.organizer_address, address: r.organizer_address } : null,
      attendees: (JSON.parse(r.attendees) as StoredAttendee[]).map((a) => ({ name: a.name, address: a.address, personId: people.get(a.address)?.id ?? null, response: a.response })),
      isOnlineMeeting: r.is_online_meeting === 1, joinUrl: r.join_url, type: r.type,
      seriesId: r.series_master_graph_id ? (masterIds.get(r.series_master_graph_id) ?? null) : null,
      linkedToOutlook: true, source: meeting ? 'crm' : 'outlook',
    });
  }
  return out;
}

/** A CRM meeting Outlook does not (or no longer, or not yet) holds a copy of. */
export async function meetingView(db: Db, m: Meeting): Promise<CalendarEventView> {
  const people = m.attendeePersonIds.length
    ? await db.selectFrom('people as p').innerJoin('person_emails as e', 'e.person_id', 'p.id').select(['p.id', 'p.name', 'e.email', 'e.position'])
      .where('p.workspace_id', '=', m.workspaceId).where('p.id', 'in', m.attendeePersonIds).orderBy('e.position').execute()
    : [];
  const attendees = m.attendeePersonIds.flatMap((id) => {
    const p = people.find((x) => x.id === id);
    return p ? [{ name: p.name, address: p.email, personId: id, response: null }] : [];
  });
  return {
    id: m.id, activityId: m.id, subject: m.subject, start: m.start, end: m.end, isAllDay: false, location: m.location, notes: m.notes, organizer: null,
    attendees, isOnlineMeeting: m.online, joinUrl: m.joinUrl, type: 'singleInstance', seriesId: null, linkedToOutlook: m.linked, source: 'crm',
  };
}
