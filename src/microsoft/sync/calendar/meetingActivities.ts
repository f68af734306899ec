import { sql } from 'kysely';
import { deleteMeeting, findMeeting, followCalendar } from '../../../crm/meetings.js';
import { personIdsByEmails, removeParticipants, setParticipantsMany } from '../../../crm/participants.js';
import type { Db } from '../../../db/database.js';
import type { CalendarEventsTable } from '../../../db/tables/calendar.js';
import { newId } from '../../../lib/ids.js';
import type { SyncAccount, Trx } from '../contract.js';
import { addressesOf } from './mapEvent.js';
import type { RemovedEvent } from './store.js';

/** Activities made from synced events carry this source type, keyed by the event's iCalUId per workspace. */
export const OUTLOOK_EVENT_SOURCE = 'outlook-event';

const db = (trx: Trx) => trx as Db;
const CHUNK = 500;

/**
 * Each synced event shows as ONE meeting activity per workspace, keyed by its iCalUId: the same
 * meeting in two connected users' calendars is one activity with both as participants. A meeting
 * scheduled in the CRM is found by the UID Outlook gave it and follows Outlook's changes. A series
 * master is stored but is no meeting of its own (its occurrences are); a cancelled event is none.
 * Works a page at a time (a handful of statements per 500 rows, not per row: an initial sync is
 * tens of thousands of them). Returns the activity ids touched.
 */
export async function syncActivities(trx: Trx, account: SyncAccount, rowIds: string[]): Promise<string[]> {
  const touched = new Set<string>();
  const orphans = new Set<string>();
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    // Not the attendees (the largest column): participants are read once per activity below.
    const rows = await trx.selectFrom('calendar_events').select(['id', 'graph_id', 'ical_uid', 'type', 'is_cancelled', 'activity_id', 'start_utc', 'end_utc', 'subject', 'body_preview', 'location', 'join_url', 'is_online_meeting'])
      .where('id', 'in', rowIds.slice(i, i + CHUNK)).execute();
    const none = rows.filter((r) => r.type === 'seriesMaster' || r.is_cancelled === 1);
    for (const r of none) if (r.activity_id) orphans.add(r.activity_id);
    const unset = none.filter((r) => r.activity_id).map((r) => r.id);
    if (unset.length) await trx.updateTable('calendar_events').set({ activity_id: null }).where('id', 'in', unset).execute();

    const meetingsRows = rows.filter((r) => r.type !== 'seriesMaster' && r.is_cancelled !== 1);
    if (!meetingsRows.length) continue;
    const uidOf = (r: Pick<CalendarEventsTable, 'ical_uid' | 'graph_id'>) => r.ical_uid ?? `graph:${r.graph_id}`;
    const uids = [...new Set(meetingsRows.map(uidOf))];
    const crm = new Map((await trx.selectFrom('meetings').select(['calendar_uid', 'activity_id']).where('workspace_id', '=', account.workspaceId)
      .where('calendar_uid', 'in', uids).execute()).map((m) => [m.calendar_uid!, m.activity_id]));
    const activityOf = new Map<string, string>();
    for (const r of meetingsRows) {
      const meetingId = crm.get(uidOf(r));
      if (!meetingId) continue;
      activityOf.set(uidOf(r), meetingId);
      await followCalendar(db(trx), meetingId, { start: r.start_utc, end: r.end_utc, subject: r.subject, location: r.location, joinUrl: r.join_url });
    }
    // One row per UID (the last copy read wins, as one by one did); PostgreSQL refuses to update a row twice in one statement.
    const synced = new Map<string, (typeof meetingsRows)[number]>();
    for (const r of meetingsRows) if (!crm.has(uidOf(r))) synced.set(uidOf(r), r);
    for (const [uid, id] of await upsertSyncedActivities(trx, account.workspaceId, synced)) activityOf.set(uid, id);

    const moved = meetingsRows.filter((r) => r.activity_id !== activityOf.get(uidOf(r)));
    for (const r of moved) if (r.activity_id) orphans.add(r.activity_id);
    for (let j = 0; j < moved.length; j += 200) {
      const part = moved.slice(j, j + 200);
      const cases = sql.join(part.map((r) => sql`WHEN ${r.id} THEN ${activityOf.get(uidOf(r))!}`), sql` `);
      await trx.updateTable('calendar_events').set({ activity_id: sql<string>`CASE id ${cases} END` })
        .where('id', 'in', part.map((r) => r.id)).execute();
    }
    for (const id of activityOf.values()) touched.add(id);
  }
  await refreshParticipantsMany(trx, account.workspaceId, [...touched]);
  await dropOrphans(trx, account.workspaceId, [...orphans].filter((o) => !touched.has(o)));
  return [...touched];
}

/** Upserts the synced meeting activities of these UIDs; returns UID → activity id. */
async function upsertSyncedActivities(trx: Trx, workspaceId: string, byUid: Map<string, Pick<CalendarEventsTable, 'start_utc' | 'end_utc' | 'subject' | 'body_preview' | 'location' | 'join_url' | 'is_online_meeting'>>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const now = new Date().toISOString();
  const values = [...byUid].map(([uid, r]) => ({
    id: newId(), workspace_id: workspaceId, kind: 'meeting' as const, occurred_at: r.start_utc, title: r.subject, body: r.body_preview,
    person_id: null, company_id: null, source_type: OUTLOOK_EVENT_SOURCE, source_id: uid,
    source_meta: JSON.stringify({ end: r.end_utc, location: r.location, joinUrl: r.join_url, isOnlineMeeting: r.is_online_meeting === 1 }),
    created_by: null, created_at: now,
  }));
  for (let i = 0; i < values.length; i += 200) {
    const stored = await trx.insertInto('activities').values(values.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['workspace_id', 'source_type', 'source_id']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), occurred_at: eb.ref('excluded.occurred_at'), title: eb.ref('excluded.title'), body: eb.ref('excluded.body'),
        source_meta: eb.ref('excluded.source_meta'),
      })))
      .returning(['id', 'source_id']).execute();
    for (const s of stored) out.set(s.source_id!, s.id);
  }
  return out;
}

/** Participants: the CRM people any copy of the meeting names, plus those the CRM invited. */
export async function refreshParticipants(trx: Trx, workspaceId: string, activityId: string): Promise<void> {
  await refreshParticipantsMany(trx, workspaceId, [activityId]);
}

export async function refreshParticipantsMany(trx: Trx, workspaceId: string, activityIds: string[]): Promise<void> {
  for (let i = 0; i < activityIds.length; i += CHUNK) {
    const ids = activityIds.slice(i, i + CHUNK);
    const rows = await trx.selectFrom('calendar_events').select(['activity_id', 'organizer_address', 'attendees']).where('activity_id', 'in', ids).execute();
    const addresses = new Map<string, string[]>();
    for (const r of rows) addresses.set(r.activity_id!, [...(addresses.get(r.activity_id!) ?? []), ...addressesOf(r)]);
    const people = await personIdsByEmails(db(trx), workspaceId, [...addresses.values()].flat());
    const meetings = await trx.selectFrom('meetings as m').innerJoin('activities as a', 'a.id', 'm.activity_id').select(['m.activity_id', 'm.attendee_person_ids', 'a.person_id'])
      .where('m.workspace_id', '=', workspaceId).where('m.activity_id', 'in', ids).execute();
    const byActivity = new Map<string, Set<string>>(ids.map((id) => [id, new Set<string>()]));
    for (const [id, list] of addresses) for (const a of list) if (people.has(a)) byActivity.get(id)!.add(people.get(a)!);
    for (const m of meetings) {
      const set = byActivity.get(m.activity_id)!;
      for (const p of JSON.parse(m.attendee_person_ids) as string[]) set.add(p);
      if (m.person_id) set.add(m.person_id);
    }
    await setParticipantsMany(db(trx), workspaceId, byActivity);
  }
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
