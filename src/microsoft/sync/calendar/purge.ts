import { unlinkMeetingsOf } from '../../../crm/meetings.js';
import type { Db } from '../../../db/database.js';
import type { SyncAccount, Trx } from '../contract.js';
import { dropOrphans, refreshParticipants } from './meetingActivities.js';

/**
 * Disconnect: every calendar row of the account goes, and with it every activity that exists only
 * because of its events (another connected user's copy keeps a shared meeting, with fewer
 * participants). Meetings scheduled in the CRM stay, no longer linked to Outlook.
 */
export async function purgeCalendar(trx: Trx, account: SyncAccount): Promise<number> {
  const rows = await trx.selectFrom('calendar_events').select('activity_id').distinct().where('account_id', '=', account.id).where('activity_id', 'is not', null).execute();
  const activityIds = rows.map((r) => r.activity_id!);
  const events = await trx.deleteFrom('calendar_events').where('account_id', '=', account.id).executeTakeFirst();
  await trx.deleteFrom('calendar_calendars').where('account_id', '=', account.id).execute();
  await dropOrphans(trx, account.workspaceId, activityIds);
  for (const id of activityIds) {
    if (await trx.selectFrom('activities').select('id').where('id', '=', id).executeTakeFirst()) await refreshParticipants(trx, account.workspaceId, id);
  }
  await unlinkMeetingsOf(trx as Db, account.workspaceId, account.userId);
  return Number(events.numDeletedRows);
}
