import type { Event } from '@microsoft/microsoft-graph-types';
import { linkMeeting, lockMeeting } from '../../../crm/meetings.js';
import type { Db } from '../../../db/database.js';
import type { SyncContext, Trx } from '../contract.js';
import type { OutboxEntry, WriteResult } from '../writeBack.js';
import { defaultCalendarId } from './calendars.js';
import { mapEvent } from './mapEvent.js';
import { syncActivities } from './meetingActivities.js';
import { upsertEvents } from './store.js';

/**
 * Stores what Outlook answered a write, in the transaction that records the link: the meeting gets
 * its UID and join URL, the account's copy is stored as it now is (a CRM meeting's copy takes the
 * meeting's id, so the calendar API keeps answering the same id), and any copy another account
 * already synced under that UID is folded into the CRM meeting's one activity.
 */
export async function recordWritten(trx: Trx, ctx: SyncContext, entry: OutboxEntry, result: WriteResult & { event: Event | null }): Promise<void> {
  const event = result.event;
  if (!event?.id) return;
  if (entry.recordType === 'meeting') {
    // Cancelled in the CRM while its create was on the way: the delete queued behind it removes it
    // from Outlook; a copy stored now would bring the meeting back as a synced one meanwhile.
    if (!(await lockMeeting(trx as Db, entry.recordId))) return;
    await linkMeeting(trx as Db, entry.recordId, { calendarUid: event.iCalUId ?? null, joinUrl: event.onlineMeeting?.joinUrl ?? null });
  }
  const existing = await trx.selectFrom('calendar_events').select(['id', 'calendar_graph_id']).where('account_id', '=', ctx.account.id).where('graph_id', '=', event.id).executeTakeFirst();
  // Through trx: on SQLite the transaction holds the only connection, and ctx.db would wait for it for ever.
  const calendar = existing?.calendar_graph_id ?? (await defaultCalendarId({ db: trx as Db, account: ctx.account })) ?? '';
  const row = mapEvent(event, calendar);
  if (!row) return;
  const id = existing?.id ?? entry.recordId;
  await upsertEvents(trx, ctx.account, [{ ...row, id }], null);
  const uid = event.iCalUId;
  const copies = uid
    ? await trx.selectFrom('calendar_events').select('id').where('workspace_id', '=', ctx.account.workspaceId).where('ical_uid', '=', uid).execute()
    : [{ id }];
  await syncActivities(trx, ctx.account, copies.map((c) => c.id));
}
