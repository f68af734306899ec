import { deleteMeeting, lockMeeting } from '../../../crm/meetings.js';
import type { Db } from '../../../db/database.js';
import { afterRemoval } from '../../../microsoft/sync/calendar/meetingActivities.js';
import { outbox } from '../../../microsoft/sync/outbox.js';
import { calendarGranted, requireCalendar, type Caller } from './access.js';
import { afterCommit } from './afterCommit.js';
import { calendarTransaction } from './transaction.js';
import type { CalendarDeps } from './deps.js';
import { findTarget, inOutlook, linkRow, seriesTarget, type Scope } from './target.js';

/** Cancels an event in the CRM and in Outlook (DELETE: Outlook sends the attendees the cancellation). */
export async function cancelEvent(deps: CalendarDeps, caller: Caller, id: string, scope: Scope | undefined): Promise<void> {
  const target = await findTarget(deps, caller, id);
  const db = deps.integration.database.db;
  if (target.kind === 'meeting') {
    const { meeting, account } = target;
    const sent = await calendarTransaction(db, async (trx) => {
      await lockMeeting(trx as Db, meeting.id);
      const send = !!account && calendarGranted(account) && (await inOutlook(trx, account.id, meeting.id));
      if (account) await trx.deleteFrom('calendar_events').where('account_id', '=', account.id).where('activity_id', '=', meeting.id).execute();
      await deleteMeeting(trx as Db, caller.workspaceId, meeting.id);
      if (send) await outbox.record(trx, { accountId: account!.id, resource: 'calendar', recordType: 'meeting', recordId: meeting.id, op: 'delete', payload: {} });
      return send;
    });
    await afterCommit(deps, sent ? account!.id : null, caller.userId, [meeting.id], [meeting.id]);
    return;
  }
  const account = await requireCalendar(deps.integration, caller);
  const { row } = target;
  const master = seriesTarget(row, scope);
  const removed = await calendarTransaction(db, async (trx) => {
    const q = trx.selectFrom('calendar_events').select(['id', 'activity_id', 'end_utc']).where('account_id', '=', account.id);
    const rows = master
      ? await q.where((eb) => eb.or([eb('series_master_graph_id', '=', master), eb('graph_id', '=', master)])).execute()
      : await q.where('id', '=', row.id).execute();
    if (!master) await linkRow(trx, row);
    for (let i = 0; i < rows.length; i += 500) await trx.deleteFrom('calendar_events').where('id', 'in', rows.slice(i, i + 500).map((r) => r.id)).execute();
    await afterRemoval(trx, { id: account.id, userId: account.userId, workspaceId: account.workspaceId }, rows, '');
    await outbox.record(trx, { accountId: account.id, resource: 'calendar', recordType: 'calendar-event', recordId: row.id, op: 'delete', payload: master ? { seriesMasterGraphId: master } : {} });
    return rows;
  });
  await afterCommit(deps, account.id, caller.userId, removed.map((r) => r.id), removed.flatMap((r) => (r.activity_id ? [r.activity_id] : [])));
}
