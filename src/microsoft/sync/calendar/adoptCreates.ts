import type { Event } from '@microsoft/microsoft-graph-types';
import { linkMeeting, lockMeeting } from '../../../crm/meetings.js';
import type { Db } from '../../../db/database.js';
import type { SyncContext, Trx } from '../contract.js';

/**
 * A CRM meeting's create can come back through delta before the write-back has recorded Graph's
 * answer (the notification is sent as the event is made). The event carries the transactionId
 * Tandem chose, which is the pending create's idempotency key: the meeting takes the event's UID
 * here, so the page maps the event onto it instead of making a second, synced activity.
 */
export async function adoptCreates(trx: Trx, ctx: SyncContext, events: Event[]): Promise<void> {
  const byTxn = new Map(events.filter((e) => e.transactionId && e.iCalUId).map((e) => [e.transactionId!, e]));
  if (!byTxn.size) return;
  const pending = await trx.selectFrom('microsoft_outbox').select(['idempotency_key', 'record_id']).where('account_id', '=', ctx.account.id)
    .where('resource', '=', 'calendar').where('op', '=', 'create').where('record_type', '=', 'meeting').where('state', '=', 'pending')
    .where('idempotency_key', 'in', [...byTxn.keys()]).execute();
  for (const p of pending) {
    const e = byTxn.get(p.idempotency_key)!;
    // The meeting's row first, as every writer of a meeting takes it (no deadlock with the write-back).
    if (await lockMeeting(trx as Db, p.record_id)) await linkMeeting(trx as Db, p.record_id, { calendarUid: e.iCalUId ?? null, joinUrl: e.onlineMeeting?.joinUrl ?? null });
  }
}
