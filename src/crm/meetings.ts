import type { Db } from '../db/database.js';
import type { MeetingsTable } from '../db/tables/meetings.js';
import { newId } from '../lib/ids.js';
import { assertCompanyReference } from './companies.js';
import { notFound, nowIso } from './errors.js';
import { checkTimes, checkZone, instant, resolveInvitees, type Invitee, type MeetingInput } from './meetingInput.js';
import { assertPersonReference } from './people.js';
import { removeParticipants, setParticipants } from './participants.js';

/** A meeting scheduled in the CRM: a 'meeting' activity plus its details. Its id is the activity's. */
export interface Meeting {
  id: string;
  workspaceId: string;
  ownerUserId: string;
  subject: string;
  notes: string | null;
  start: string;
  end: string;
  timeZone: string;
  location: string | null;
  online: boolean;
  joinUrl: string | null;
  attendeePersonIds: string[];
  personId: string | null;
  companyId: string | null;
  calendarUid: string | null;
  linked: boolean;
}

/** The fields an edit changed, as they now are: what goes to the external calendar, and nothing else. */
export type MeetingChanges = Partial<Pick<Meeting, 'subject' | 'notes' | 'start' | 'end' | 'timeZone' | 'location' | 'online'>> & { attendees?: Invitee[] };

export async function getMeeting(db: Db, workspaceId: string, id: string): Promise<Meeting> {
  const m = await findMeeting(db, workspaceId, id);
  if (!m) throw notFound('meeting');
  return m;
}

export async function findMeeting(db: Db, workspaceId: string, id: string): Promise<Meeting | undefined> {
  const row = await db.selectFrom('meetings as m').innerJoin('activities as a', 'a.id', 'm.activity_id')
    .where('m.workspace_id', '=', workspaceId).where('m.activity_id', '=', id)
    .selectAll('m').select(['a.title', 'a.body', 'a.person_id', 'a.company_id']).executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

type Joined = MeetingsTable & { title: string | null; body: string | null; person_id: string | null; company_id: string | null };

function toMeeting(r: Joined): Meeting {
  return {
    id: r.activity_id, workspaceId: r.workspace_id, ownerUserId: r.owner_user_id, subject: r.title ?? '', notes: r.body, start: r.start_utc, end: r.end_utc,
    timeZone: r.time_zone, location: r.location, online: r.is_online === 1, joinUrl: r.join_url, attendeePersonIds: JSON.parse(r.attendee_person_ids) as string[],
    personId: r.person_id, companyId: r.company_id, calendarUid: r.calendar_uid, linked: r.linked === 1,
  };
}

/** Meetings a user scheduled that overlap [start, end). */
export async function meetingsOfOwner(db: Db, workspaceId: string, userId: string, start: string, end: string): Promise<Meeting[]> {
  const rows = await db.selectFrom('meetings as m').innerJoin('activities as a', 'a.id', 'm.activity_id')
    .where('m.workspace_id', '=', workspaceId).where('m.owner_user_id', '=', userId).where('m.start_utc', '<', end).where('m.end_utc', '>', start)
    .selectAll('m').select(['a.title', 'a.body', 'a.person_id', 'a.company_id']).orderBy('m.start_utc').execute();
  return rows.map(toMeeting);
}

/** The meeting an external calendar knows by this UID, in this workspace. */
export async function meetingByCalendarUid(db: Db, workspaceId: string, uid: string): Promise<Meeting | undefined> {
  const row = await db.selectFrom('meetings').select('activity_id').where('workspace_id', '=', workspaceId).where('calendar_uid', '=', uid).executeTakeFirst();
  return row ? findMeeting(db, workspaceId, row.activity_id) : undefined;
}

/**
 * The activity carries the meeting's details in its source, as a synced meeting's does (end,
 * location, join link): timelines show them without knowing where a meeting came from.
 */
async function refreshActivityMeta(db: Db, id: string): Promise<void> {
  const m = await db.selectFrom('meetings').select(['end_utc', 'location', 'join_url', 'is_online']).where('activity_id', '=', id).executeTakeFirst();
  if (!m) return;
  const meta = { end: m.end_utc, location: m.location, joinUrl: m.join_url, isOnlineMeeting: m.is_online === 1 };
  await db.updateTable('activities').set({ source_meta: JSON.stringify(meta) }).where('id', '=', id).execute();
}

/** Everyone it is on the timeline of: the invitees and the person it was scheduled from. */
const participantIds = (m: Pick<Meeting, 'attendeePersonIds' | 'personId'>) => [...m.attendeePersonIds, ...(m.personId ? [m.personId] : [])];

/** Validates and writes a new meeting (activity, details, participants); the caller's transaction. */
export async function createMeeting(db: Db, workspaceId: string, ownerUserId: string, input: MeetingInput): Promise<{ meeting: Meeting; invitees: Invitee[] }> {
  const start = instant('start', input.start);
  const end = instant('end', input.end);
  checkTimes(start, end);
  const timeZone = input.timeZone ?? 'UTC';
  checkZone(timeZone);
  const invitees = await resolveInvitees(db, workspaceId, input.attendeePersonIds ?? []);
  if (input.personId) await assertPersonReference(db, workspaceId, input.personId);
  if (input.companyId) await assertCompanyReference(db, workspaceId, input.companyId);
  const id = newId();
  const now = nowIso();
  await db.insertInto('activities').values({
    id, workspace_id: workspaceId, kind: 'meeting', occurred_at: start, title: input.subject.trim(), body: input.notes ?? null,
    person_id: input.personId ?? null, company_id: input.companyId ?? null, source_type: 'crm', source_id: id, source_meta: null, created_by: ownerUserId, created_at: now,
  }).execute();
  await db.insertInto('meetings').values({
    activity_id: id, workspace_id: workspaceId, owner_user_id: ownerUserId, start_utc: start, end_utc: end, time_zone: timeZone, location: input.location ?? null,
    is_online: input.online ? 1 : 0, join_url: null, attendee_person_ids: JSON.stringify(invitees.map((i) => i.personId)), calendar_uid: null, linked: 0,
    created_at: now, updated_at: now,
  }).execute();
  await refreshActivityMeta(db, id);
  const meeting = await getMeeting(db, workspaceId, id);
  await setParticipants(db, workspaceId, id, participantIds(meeting));
  return { meeting, invitees };
}

/** Applies an edit; returns the meeting and only the fields that really changed (attendees only if the set changed). */
export async function updateMeeting(db: Db, workspaceId: string, id: string, patch: Partial<MeetingInput>): Promise<{ meeting: Meeting; changes: MeetingChanges }> {
  const before = await getMeeting(db, workspaceId, id);
  const start = patch.start !== undefined ? instant('start', patch.start) : before.start;
  const end = patch.end !== undefined ? instant('end', patch.end) : before.end;
  checkTimes(start, end);
  if (patch.timeZone !== undefined) checkZone(patch.timeZone);
  const changes: MeetingChanges = {};
  if (patch.subject !== undefined && patch.subject.trim() !== before.subject) changes.subject = patch.subject.trim();
  if (patch.notes !== undefined && patch.notes !== before.notes) changes.notes = patch.notes;
  if (start !== before.start) changes.start = start;
  if (end !== before.end) changes.end = end;
  if (patch.timeZone !== undefined && patch.timeZone !== before.timeZone) changes.timeZone = patch.timeZone;
  if (patch.location !== undefined && patch.location !== before.location) changes.location = patch.location;
  if (patch.online !== undefined && patch.online !== before.online) changes.online = patch.online;
  if (patch.attendeePersonIds !== undefined) {
    const invitees = await resolveInvitees(db, workspaceId, patch.attendeePersonIds);
    const same = invitees.length === before.attendeePersonIds.length && invitees.every((i) => before.attendeePersonIds.includes(i.personId));
    if (!same) changes.attendees = invitees;
  }
  // Whose record it was scheduled from is the CRM's own business: it never goes to the calendar.
  if (patch.personId) await assertPersonReference(db, workspaceId, patch.personId);
  if (patch.companyId) await assertCompanyReference(db, workspaceId, patch.companyId);
  const reparent = (patch.personId !== undefined && patch.personId !== before.personId) || (patch.companyId !== undefined && patch.companyId !== before.companyId);
  const now = nowIso();
  await db.updateTable('activities').set({
    ...(changes.subject !== undefined ? { title: changes.subject } : {}),
    ...(changes.notes !== undefined ? { body: changes.notes } : {}),
    ...(patch.personId !== undefined ? { person_id: patch.personId } : {}),
    ...(patch.companyId !== undefined ? { company_id: patch.companyId } : {}),
    occurred_at: start,
  }).where('id', '=', id).execute();
  await db.updateTable('meetings').set({
    start_utc: start, end_utc: end, updated_at: now,
    ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
    ...(changes.location !== undefined ? { location: changes.location } : {}),
    ...(changes.online !== undefined ? { is_online: changes.online ? 1 : 0 } : {}),
    ...(changes.attendees ? { attendee_person_ids: JSON.stringify(changes.attendees.map((i) => i.personId)) } : {}),
  }).where('activity_id', '=', id).execute();
  await refreshActivityMeta(db, id);
  const meeting = await getMeeting(db, workspaceId, id);
  if (changes.attendees || reparent) await setParticipants(db, workspaceId, id, participantIds(meeting));
  return { meeting, changes };
}

/** Cancels: the activity, its details and participants go. */
export async function deleteMeeting(db: Db, workspaceId: string, id: string): Promise<void> {
  await getMeeting(db, workspaceId, id);
  await removeParticipants(db, [id]);
  await db.deleteFrom('meetings').where('activity_id', '=', id).execute();
  await db.deleteFrom('activities').where('id', '=', id).execute();
}

/** What the external calendar answered: its UID and join link; the meeting is now linked. */
export async function linkMeeting(db: Db, id: string, link: { calendarUid: string | null; joinUrl: string | null }): Promise<void> {
  await db.updateTable('meetings').set({
    linked: 1, updated_at: nowIso(),
    ...(link.calendarUid ? { calendar_uid: link.calendarUid } : {}),
    ...(link.joinUrl ? { join_url: link.joinUrl } : {}),
  }).where('activity_id', '=', id).execute();
  await refreshActivityMeta(db, id);
}

/** The external calendar changed the meeting (a later join link, a moved time): the CRM follows. */
export async function followCalendar(db: Db, id: string, values: { start: string; end: string; subject: string | null; location: string | null; joinUrl: string | null }): Promise<void> {
  await db.updateTable('meetings').set({ start_utc: values.start, end_utc: values.end, location: values.location, ...(values.joinUrl ? { join_url: values.joinUrl } : {}), updated_at: nowIso() })
    .where('activity_id', '=', id).execute();
  await db.updateTable('activities').set({ occurred_at: values.start, ...(values.subject !== null ? { title: values.subject } : {}) }).where('id', '=', id).execute();
  await refreshActivityMeta(db, id);
}

/** The external calendar a user's meetings lived in was disconnected: they stay, unlinked. */
export async function unlinkMeetingsOf(db: Db, workspaceId: string, ownerUserId: string): Promise<void> {
  await db.updateTable('meetings').set({ linked: 0, updated_at: nowIso() })
    .where('workspace_id', '=', workspaceId).where('owner_user_id', '=', ownerUserId).execute();
}

/** The external calendar no longer has the meeting (deleted there before an edit reached it). */
export async function unlinkMeeting(db: Db, id: string): Promise<void> {
  await db.updateTable('meetings').set({ linked: 0, updated_at: nowIso() }).where('activity_id', '=', id).execute();
}

/**
 * Takes the meeting's row first, so two transactions writing one meeting (a CRM edit and what
 * Outlook answered its create) take turns in one order instead of deadlocking on PostgreSQL.
 * False when the meeting no longer exists (once the other transaction has committed).
 */
export async function lockMeeting(db: Db, id: string): Promise<boolean> {
  const r = await db.updateTable('meetings').set({ updated_at: nowIso() }).where('activity_id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
