import type { Transaction } from 'kysely';
import type { Db } from '../../../db/database.js';
import type { Tables } from '../../../db/tables/index.js';

const RETRIES = 3;
const retryable = (err: unknown) => ['40P01', '40001'].includes((err as { code?: string }).code ?? '');

/**
 * A calendar use case's transaction. A CRM edit and a sync page can take the same meeting's rows in
 * opposite orders (the page: its event, then the meeting; the edit: the meeting, then its event);
 * PostgreSQL then aborts one of them as a deadlock. Nothing was sent yet (the outbox entry is in
 * the same transaction), so running it again is safe.
 */
export async function calendarTransaction<T>(db: Db, fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (i + 1 >= RETRIES || !retryable(err)) throw err;
    }
  }
}
