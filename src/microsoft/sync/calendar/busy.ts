import type { Db } from '../../../db/database.js';

/**
 * Busy times of one account from its synced calendar, for free/busy only: never subjects or people.
 * Cancelled events and series masters (their occurrences are rows of their own) do not count, nor
 * all-day events, which Outlook mostly shows as free (holidays, birthdays); `showAs` is not synced yet.
 */
export async function syncedBusy(db: Db, accountId: string, from: string, to: string, exceptActivityId?: string): Promise<Array<{ start: number; end: number }>> {
  let q = db.selectFrom('calendar_events').select(['start_utc', 'end_utc'])
    .where('account_id', '=', accountId).where('is_cancelled', '=', 0).where('is_all_day', '=', 0).where('type', '!=', 'seriesMaster')
    .where('end_utc', '>', from).where('start_utc', '<', to);
  if (exceptActivityId) q = q.where((eb) => eb.or([eb('activity_id', 'is', null), eb('activity_id', '!=', exceptActivityId)]));
  return (await q.execute()).map((r) => ({ start: Date.parse(r.start_utc), end: Date.parse(r.end_utc) }));
}
