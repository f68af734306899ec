import { upsertActivityBySource } from '../../../crm/activities.js';
import { deleteMeeting, findMeeting, followCalendar, meetingByCalendarUid } from '../../../crm/meetings.js';
import { removeParticipants, setParticipants } from '../../../crm/participants.js';
import { findPeopleByEmails } from '../../../crm/people.js';
import type { Db } from '../../../db/database.js';
import type { SyncAccount, Trx } from '../contract.js';
import { addressesOf } from './mapEvent.js';
import type { RemovedEvent } from './store.js';

/** Activities made from synced events carry this source type, keyed by the event's iCalUId per workspace. */
export const OUTLOOK_EVENT_SOURCE = 'outlook-event';

const db = (trx: Trx) => trx as Db;

/**
 * Each synced event shows as ONE meeting activity per workspace, keyed by its iCalUId: the same
 * meeting in two connected users' calendars is one activity with both as participants. A meeting
 * scheduled in the CRM is found by the UID Outlook gave it and follows Outlook's changes. A series
 * master is stored but is no meeting of its own (its occurrences are); a cancelled event is none.
 * Returns the activity ids touched.
 */
export async function syncActivities(trx: Trx, account: SyncAccount, rowIds: string[]): Promise<string[]> {
  const touched = new Set<string>();
  const orphans = new Set<string>();
  for (let i = 0; i < rowIds.length; i += 500) {
    const rows = await trx.selectFrom('calendar_events').selectAll().where('id', 'in', rowIds.slice(i, i + 500)).execute();
    for (const row of rows) {
      if (row.type === 'seriesMaster' || row.is_cancelled === 1) {
        if (row.activity_id) orphans.add(row.activity_id);
        await trx.updateTable('calendar_events').set({ activity_id: null }).where('id', '=', row.id).execute();
        continue;
      }
      const uid = row.ical_uid ?? `graph:${row.graph_id}`;
      const meeting = await meetingByCalendarUid(db(trx), account.workspaceId, uid);
      let activityId: string;
      if (meeting) {
        activityId = meeting.id;
        await followCalendar(db(trx), meeting.id, { start: row.start_utc, end: row.end_utc, subject: row.subject, location: row.location, joinUrl: row.join_url });
      } else {
        const { activity } = await upsertActivityBySource(db(trx), {
          workspaceId: account.workspaceId, kind: 'meeting', occurredAt: row.start_utc, title: row.subject, body: row.body_preview,
          sourceType: OUTLOOK_EVENT_SOURCE, sourceId: uid,
          sourceMeta: { end: row.end_utc, location: row.location, joinUrl: row.join_url, isOnlineMeeting: row.is_online_meeting === 1 },
        });
        activityId = activity.id;
      }
      if (row.activity_id && row.activity_id !== activityId) orphans.add(row.activity_id);
      if (row.activity_id !== activityId) await trx.updateTable('calendar_events').set({ activity_id: activityId }).where('id', '=', row.id).execute();
      touched.add(activityId);
    }
  }
  for (const id of touched) await refreshParticipants(trx, account.workspaceId, id);
  await dropOrphans(trx, account.workspaceId, [...orphans].filter((o) => !touched.has(o)));
  return [...touched];
}

/** Participants: the CRM people any copy of the meeting names, plus those the CRM invited. */
export async function refreshParticipants(trx: Trx, workspaceId: string, activityId: string): Promise<void> {
  const rows = await trx.selectFrom('calendar_events').select(['organizer_address', 'attendees']).where('activity_id', '=', activityId).execute();
  const addresses = [...new Set(rows.flatMap((r) => addressesOf(r)))];
  const people = await findPeopleByEmails(db(trx), workspaceId, addresses);
  const ids = new Set([...people.values()].map((p) => p.id));
  const meeting = await findMeeting(db(trx), workspaceId, activityId);
  for (const p of meeting?.attendeePersonIds ?? []) ids.add(p);
  if (meeting?.personId) ids.add(meeting.personId);
  await setParticipants(db(trx), workspaceId, activityId, ids);
}

/**
 * Rows that left Outlook (deleted there, cancelled, or out of the window). A synced activity no
 * copy names any more goes with its participants. The owner's own copy of a CRM meeting deleted in
 * Outlook cancels the meeting in the CRM too, unless it merely aged out of the window.
 */
export async function afterRemoval(trx: Trx, account: SyncAccount, removed: RemovedEvent[], windowStart: string): Promise<string[]> {
  const affected = new Set<string>();
  for (const r of removed) {
    if (!r.activity_id) continue;
    if (r.id === r.activity_id && r.end_utc >= windowStart && (await findMeeting(db(trx), account.workspaceId, r.activity_id))) {
      await deleteMeeting(db(trx), account.workspaceId, r.activity_id);
      continue;
    }
    affected.add(r.activity_id);
  }
  await dropOrphans(trx, account.workspaceId, [...affected]);
  for (const id of affected) {
    const still = await trx.selectFrom('activities').select('id').where('id', '=', id).executeTakeFirst();
    if (still) await refreshParticipants(trx, account.workspaceId, id);
  }
  return [...affected];
}

/** Synced activities no calendar_events row points at any more (CRM meetings are never dropped here). */
export async function dropOrphans(trx: Trx, workspaceId: string, activityIds: string[]): Promise<void> {
  for (const id of activityIds) {
    const used = await trx.selectFrom('calendar_events').select('id').where('activity_id', '=', id).limit(1).executeTakeFirst();
    if (used) continue;
    const act = await trx.selectFrom('activities').select('source_type').where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (act?.source_type !== OUTLOOK_EVENT_SOURCE) continue;
    await removeParticipants(db(trx), [id]);
    await trx.deleteFrom('activities').where('id', '=', id).execute();
  }
}
