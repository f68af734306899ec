import type { Db } from '../../../db/database.js';
import type { PendingChange } from '../../../microsoft/sync/manifest.js';

const MAX_PER_RUN = 20_000;

/** What notifications said changed in one (account, resource) since the last run. */
export async function pendingChanges(db: Db, accountId: string, resource: string): Promise<PendingChange[]> {
  return db.selectFrom('microsoft_pending_changes').select(['item_id', 'change_type', 'received_at'])
    .where('account_id', '=', accountId).where('resource', '=', resource).limit(MAX_PER_RUN).execute();
}

/**
 * Deletes the rows this run read. A row a newer notification touched meanwhile has a newer
 * received_at and stays for the next run, so a change arriving mid-run is never lost.
 */
export async function consumePending(db: Db, accountId: string, resource: string, rows: PendingChange[]): Promise<void> {
  // One statement per 500 rows matching (item, stamp) pairs: after a flood a run may have read rows
  // from hundreds of group commits, each with its own stamp. No transaction (each delete stands on
  // its own), and a turn of the event loop between statements, so webhook POSTs are answered meanwhile.
  for (let i = 0; i < rows.length; i += 500) {
    if (i) await yieldToIo();
    const part = rows.slice(i, i + 500);
    await db.deleteFrom('microsoft_pending_changes').where('account_id', '=', accountId).where('resource', '=', resource)
      .where((eb) => eb(eb.refTuple('item_id', 'received_at'), 'in', part.map((r) => eb.tuple(r.item_id, r.received_at))))
      .execute();
  }
}

/**
 * SQLite's driver is synchronous: awaiting its results continues in microtasks, so a loop of
 * statements never lets socket callbacks run. A setImmediate turn between chunks does.
 */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

